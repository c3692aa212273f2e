/**
 * The ONNX schema graphc writes and reads, as protobuf text: see the comment at its top. Kept as a
 * string in a module so the bundled package carries it with the code (no data file to locate).
 */
export const ONNX_PROTO = `// The subset of the ONNX model format (IR version 8, ONNX 1.12+) that graphc writes and reads.
//
// Part of graphc, MIT license. This is not a copy of ONNX's own onnx.proto: it declares only the
// messages and fields graphc needs, written for graphc. Message names, field names, field numbers,
// types and enum values follow the ONNX IR specification (docs/IR.md and onnx/onnx.proto in the
// ONNX repository) exactly, because the wire format is all that onnxruntime and other readers see.
// A reader of a full ONNX file skips the fields missing here, as protobuf skips unknown fields.
//
// Parsed once per process by backends/onnx/proto.ts with protobufjs (keepCase, so the names below
// are the names in TypeScript too). A module rather than a data file read beside proto.js: the
// bundled dist/ has no per-source folders for such a file to sit in.
//
// Never renumber a field: numbers, not names, are what the bytes carry.

syntax = "proto3";

package onnx;

// Attributes of a node. Exactly one value field is set, and \`type\` says which: ONNX requires the
// discriminator since IR version 2 so that proto3 readers can tell 0 from "absent".
message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0;
    FLOAT = 1;
    INT = 2;
    STRING = 3;
    TENSOR = 4;
    GRAPH = 5;
    FLOATS = 6;
    INTS = 7;
    STRINGS = 8;
    TENSORS = 9;
    GRAPHS = 10;
    SPARSE_TENSOR = 11;
    SPARSE_TENSORS = 12;
  }

  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;          // UTF-8 text, as bytes in the ONNX schema
  TensorProto t = 5;    // for Constant nodes
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  string doc_string = 13;
  AttributeType type = 20;
  string ref_attr_name = 21;
}

// A named value with its type: graph inputs and outputs, and optional intermediate annotations.
message ValueInfoProto {
  string name = 1;
  TypeProto type = 2;
  string doc_string = 3;
}

// One operator application.
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
  string domain = 7;    // "" is the default ONNX domain (ai.onnx)
}

// The file's top-level message.
message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}

// Key/value pair: ONNX avoids protobuf maps so that proto2 and proto3 readers agree.
message StringStringEntryProto {
  string key = 1;
  string value = 2;
}

// A graph: nodes in topological order, constant tensors, and typed inputs and outputs.
message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

// A dense tensor. graphc fills \`raw_data\` (fixed-width little-endian elements, row-major), which
// ONNX allows for every type except STRING and which readers copy without per-element decoding.
message TensorProto {
  enum DataType {
    UNDEFINED = 0;
    FLOAT = 1;
    UINT8 = 2;
    INT8 = 3;
    UINT16 = 4;
    INT16 = 5;
    INT32 = 6;
    INT64 = 7;
    STRING = 8;
    BOOL = 9;
    FLOAT16 = 10;
    DOUBLE = 11;
    UINT32 = 12;
    UINT64 = 13;
    COMPLEX64 = 14;
    COMPLEX128 = 15;
    BFLOAT16 = 16;
  }

  repeated int64 dims = 1;
  int32 data_type = 2;  // a DataType value; int32 in the ONNX schema, kept so for the wire format
  repeated float float_data = 4;
  repeated int32 int32_data = 5;
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7;
  string name = 8;
  bytes raw_data = 9;
  repeated double double_data = 10;
  repeated uint64 uint64_data = 11;
  string doc_string = 12;
}

// A shape whose dimensions are numbers or symbols (\`N\` for the batch).
message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    string denotation = 3;
  }
  repeated Dimension dim = 1;
}

// Value types; graphc only declares tensors (sequence = 4 and map = 5 are left out).
message TypeProto {
  message Tensor {
    int32 elem_type = 1;  // a TensorProto.DataType value
    TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
  string denotation = 6;
}

// Which operator set version the nodes of a domain bind to.
message OperatorSetIdProto {
  string domain = 1;
  int64 version = 2;
}
`;
