/**
 * Builds the language's JSON Schema (draft 2020-12) from the op registry, so the schema and the
 * compiler cannot disagree about an op's attributes. `npm run gen:schema` writes it to
 * `spec/graphc.schema.json`; a test fails when the committed file is stale.
 */
import { ACTIVATIONS, INITIALIZERS } from '../ops/attrs.js';
import { OPS } from '../ops/registry.js';
import { opAttributes, type AttrSpec } from '../ops/types.js';
import { CHECKPOINT_LAYOUTS, LANGUAGE_VERSION, PARAM_TYPES, RESERVED_STEP_KEYS, WIRING_KEYS } from '../program.js';

type Schema = { [key: string]: unknown };

const EXPR: Schema = { type: 'string', pattern: '^\\$', description: 'An expression: `$name`, `$filters[0]`, `$s * 2`.' };
const TEXT: Schema = { type: 'string', description: 'Text; `{expr}` interpolates, e.g. `res{stage}{block}_branch2a`.' };
const IDENT_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
/** Block names: identifiers that are not step keywords (a layer-type name is GC3212, with a hint). */
const BLOCK_NAME = `^(?!(${RESERVED_STEP_KEYS.join('|')})$)[A-Za-z_][A-Za-z0-9_]*$`;
/** Block calls in steps: identifiers that are neither a step keyword nor a layer type. */
const NOT_RESERVED = `^(?!(${[...RESERVED_STEP_KEYS, ...OPS.keys()].join('|')})$)[A-Za-z_][A-Za-z0-9_]*$`;

const INT: Schema = { type: 'integer' };
const pairOf = (item: Schema): Schema => ({ type: 'array', items: item, minItems: 2, maxItems: 2 });

/** The literal form of each attribute type, and how the schema describes it. */
const ATTR_TYPES: Record<Exclude<AttrSpec['type'], 'enum'>, { literal: Schema; text: string }> = {
  int: { literal: INT, text: 'An integer.' },
  number: { literal: { type: 'number' }, text: 'A number.' },
  number_or_null: { literal: { type: ['number', 'null'] }, text: 'A number, or null.' },
  bool: { literal: { type: 'boolean' }, text: 'true or false.' },
  string: { literal: { type: 'string' }, text: 'Text.' },
  activation: { literal: { enum: [...ACTIVATIONS] }, text: `An activation: ${ACTIVATIONS.join(', ')}.` },
  int_pair: { literal: { anyOf: [INT, pairOf(INT)] }, text: 'An integer n (meaning [n, n]) or a list [h, w].' },
  padding2d: { literal: { anyOf: [INT, pairOf(INT), pairOf(pairOf(INT))] }, text: 'An integer, [rows, cols] or [[top, bottom], [left, right]].' },
  shape: { literal: { type: 'array', items: { type: ['integer', 'null'] }, minItems: 1 }, text: 'A shape: a list of positive integers (null for unknown).' },
  int_list: { literal: { type: 'array', items: INT }, text: 'A list of integers.' },
  numbers: { literal: { anyOf: [{ type: 'number' }, { type: 'array', items: { type: 'number' }, minItems: 1 }] }, text: 'A number, or a list of numbers (one per channel).' },
  axis: { literal: { anyOf: [INT, { type: 'array', items: INT }] }, text: 'An axis or a list of axes.' },
  initializer: {
    literal: {
      anyOf: [
        { enum: Object.keys(INITIALIZERS) },
        {
          type: 'object',
          properties: {
            class_name: { type: 'string', description: 'Keras initializer name, e.g. GlorotUniform or glorot_uniform.' },
            config: { type: 'object', description: 'Initializer arguments, e.g. {seed: 0}.' },
          },
          required: ['class_name'],
          additionalProperties: false,
        },
      ],
    },
    text: `An initializer: ${Object.keys(INITIALIZERS).join(', ')}, or {class_name: GlorotUniform, config: {seed: 0}}.`,
  },
};

/** A literal, an expression (`$...`) or a template (`...{x}...`). */
function orComputed(literal: Schema): Schema[] {
  return [literal, EXPR, { type: 'string', pattern: '\\{' }];
}

/** One shared definition per attribute type: ajv compiles each once (see `inlineRefs`). */
function attrTypeDefs(): Schema {
  const defs: Schema = {};
  for (const [type, { literal, text }] of Object.entries(ATTR_TYPES)) defs[`attr_${type}`] = { description: `${text} Or an expression.`, anyOf: orComputed(literal) };
  return defs;
}

/** An attribute's schema: its own description and a reference to its type. */
function attrSchema(spec: AttrSpec): Schema {
  if (spec.type === 'enum') return { description: spec.description, anyOf: orComputed({ enum: spec.values ?? [] }) };
  return { description: spec.description, $ref: `#/$defs/attr_${spec.type}` };
}

const REF: Schema = { type: 'string', description: 'A reference: a label given with `as`, `input` (the block input), or a layer name.' };

function wiringProperties(): Schema {
  return {
    input: { ...REF, description: 'The tensor this step reads; default: the previous step\'s output.' },
    inputs: { type: 'array', items: REF, minItems: 1, description: 'The tensors a multi-input step reads, e.g. [main, shortcut].' },
    as: { type: 'string', pattern: IDENT_PATTERN, description: 'A label for this step\'s output, to reference it later.' },
    if: { description: 'Condition: the step exists only when this expression is true.' },
  };
}

function opSchema(name: string): Schema {
  const op = OPS.get(name)!;
  const attrs: Schema = {};
  for (const [k, spec] of opAttributes(op).entries) attrs[k] = attrSchema(spec);
  return {
    description: op.description,
    type: ['object', 'string', 'number', 'array', 'null', 'boolean'],
    properties: {
      name: { ...TEXT, description: 'The Keras layer name; default: a deterministic `<snake_case class>_<n>`.' },
      ...attrs,
      ...wiringProperties(),
    },
    additionalProperties: false,
  };
}

/**
 * `defaults:`: one definition per op (`$defs/defaults_Conv2D`), referenced, so the validator
 * compiles each into its own function, run only for the ops a model gives defaults for (inline,
 * they made the document's validator a 200 KB function every process compiled).
 */
function defaultsSchema(): Schema {
  const properties: Schema = {};
  for (const name of OPS.keys()) properties[name] = { $ref: `#/$defs/defaults_${name}` };
  return { type: 'object', description: 'Attribute defaults per layer type, applied where a layer does not set them.', properties, additionalProperties: false };
}

function opDefaultsSchema(name: string): Schema {
  const attrs: Schema = {};
  for (const [k, spec] of opAttributes(OPS.get(name)!).entries) attrs[k] = attrSchema(spec);
  return { type: 'object', description: `Defaults for every ${name} layer.`, properties: attrs, additionalProperties: false };
}

const PARAM: Schema = {
  description: 'A parameter: a type name (`int`), or {type, default, description, min, max, choices, length}.',
  anyOf: [
    { enum: [...PARAM_TYPES] },
    {
      type: 'object',
      properties: {
        type: { enum: [...PARAM_TYPES], description: 'The value type.' },
        default: { description: 'Value used when none is given; may be an expression over earlier parameters.' },
        description: { type: 'string', description: 'What the parameter means.' },
        min: { type: 'number', description: 'Smallest allowed number.' },
        max: { type: 'number', description: 'Largest allowed number.' },
        choices: { type: 'array', description: 'The allowed values.' },
        length: { type: 'integer', minimum: 0, description: 'Required list length.' },
      },
      required: ['type'],
      additionalProperties: false,
    },
  ],
};

const PARAMS: Schema = { type: 'object', description: 'Parameters by name.', propertyNames: { pattern: IDENT_PATTERN }, additionalProperties: { $ref: '#/$defs/param' } };
const LET: Schema = { type: 'object', description: 'Named values computed in order; each may use the ones before it.', propertyNames: { pattern: IDENT_PATTERN } };
const STEPS: Schema = { type: 'array', description: 'Steps run in order; each reads the previous step\'s output unless it says `input`.', items: { $ref: '#/$defs/step' } };

function stepSchema(): Schema {
  const ops: Schema = {};
  for (const name of OPS.keys()) if (name !== 'Input') ops[name] = { $ref: `#/$defs/op_${name}` };
  return {
    description: 'A layer (`- Conv2D: {...}`), a block call (`- identity_block: {...}`), `repeat`, `for`, `group` or `if`.',
    type: ['object', 'string'],
    properties: {
      repeat: { description: 'Repeat `do` this many times; `index` (0-based) and `letter` (a, b, ...) name each round.' },
      for: { type: 'string', pattern: IDENT_PATTERN, description: 'Loop variable bound to each item of `in`.' },
      in: { description: 'The list a `for` loop walks (an expression such as `$stages`).' },
      do: { ...STEPS, description: 'The steps of a repeat, for or group.' },
      index: { type: 'string', pattern: IDENT_PATTERN, description: 'Name of the 0-based round counter (default `index`).' },
      group: { ...TEXT, description: 'A label grouping the steps for diagrams (a stage), e.g. `stage{st.stage}`.' },
      if: { description: 'Condition: the step exists only when this expression is true.' },
      then: { ...STEPS, description: 'Steps used when `if` is true.' },
      else: { ...STEPS, description: 'Steps used when `if` is false.' },
      ...ops,
    },
    patternProperties: { [NOT_RESERVED]: { $ref: '#/$defs/call' } },
    additionalProperties: false,
  };
}

/** What a block call is; validation also uses it to recognise errors in a call's arguments. */
export const CALL_DESCRIPTION = 'A call of a block defined under `blocks:` (a key that is neither a layer type nor a block name is an error): its arguments, plus `input`, `inputs`, `as`, `if`.';

/** The whole JSON Schema of a graphc model file. */
export function buildSchema(): Schema {
  const defs: Schema = {
    ...attrTypeDefs(),
    param: PARAM,
    step: stepSchema(),
    call: {
      description: CALL_DESCRIPTION,
      type: ['object', 'null'],
      properties: wiringProperties(),
    },
    block: {
      type: 'object',
      description: 'A block template: typed parameters and the steps it expands to.',
      properties: {
        description: { type: 'string', description: 'What the block is.' },
        params: PARAMS,
        inputs: { type: 'array', items: { type: 'string', pattern: IDENT_PATTERN }, minItems: 1, description: 'Names of the block\'s input tensors (default [input]).' },
        label: { ...TEXT, description: 'Name of each instance in diagrams, e.g. `res{stage}{block}`.' },
        let: LET,
        body: STEPS,
        output: { ...REF, description: 'The tensor the block returns (default: its last step\'s output).' },
      },
      required: ['body'],
      additionalProperties: false,
    },
  };
  for (const name of OPS.keys()) if (name !== 'Input') defs[`op_${name}`] = opSchema(name);
  for (const name of OPS.keys()) defs[`defaults_${name}`] = opDefaultsSchema(name);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://graphc.dev/schema/graphc.schema.json',
    title: 'graphc model',
    description: 'A neural network described as a graph of layers and reusable blocks.',
    type: 'object',
    properties: {
      graphc: { const: LANGUAGE_VERSION, description: `The language version; this graphc reads ${LANGUAGE_VERSION}.` },
      name: { ...TEXT, description: 'The model name (Keras `Model(name=...)`); may interpolate parameters.' },
      description: { type: 'string', description: 'What the model is.' },
      params: { ...PARAMS, description: 'Model parameters, overridable with `--set key=value`.' },
      variants: {
        type: 'object',
        description: 'Named settings of one family (resnet18, resnet50, ...); pick one with --variant.',
        propertyNames: { pattern: '^[A-Za-z0-9_.-]+$' },
        additionalProperties: {
          type: 'object',
          description: 'One variant.',
          properties: {
            description: { type: 'string', description: 'What the variant is.' },
            name: { ...TEXT, description: 'Model name for this variant.' },
            params: { type: 'object', description: 'Parameter values for this variant.' },
          },
          additionalProperties: false,
        },
      },
      default_variant: { type: 'string', description: 'The variant used when --variant is not given.' },
      let: LET,
      defaults: defaultsSchema(),
      blocks: { type: 'object', description: 'Block templates by name.', propertyNames: { pattern: BLOCK_NAME }, additionalProperties: { $ref: '#/$defs/block' } },
      inputs: {
        type: 'array',
        description: 'The model inputs, in order.',
        minItems: 1,
        items: {
          type: 'object',
          description: 'One Input layer.',
          properties: {
            name: { ...TEXT, description: 'Layer name; default `input_<n>`.' },
            shape: { description: 'Shape of one sample without the batch dimension, e.g. $input_shape.' },
            dtype: { enum: ['float32', 'int32'], description: 'Element type (default float32).' },
            as: { type: 'string', pattern: IDENT_PATTERN, description: 'A label to reference this input by.' },
            // The input's preprocessing (issue 11): stated once, applied by train, evaluate, predict and run.
            preprocessing: {
              type: 'object',
              description: 'What train, evaluate, predict and run do to raw data before it enters the model: x * scale + offset (the seed\'s X / 255 is scale: $1/255).',
              properties: {
                scale: { description: 'Multiplier, a number or an expression such as $1/255.' },
                offset: { description: 'Added after scaling, a number or an expression (default 0).' },
              },
              required: ['scale'],
              additionalProperties: false,
            },
          },
          required: ['shape'],
          additionalProperties: false,
        },
      },
      body: { ...STEPS, description: 'The model\'s steps, starting from the first input.' },
      outputs: { type: 'array', items: REF, minItems: 1, description: 'The output tensors (default: the last step\'s output).' },
      checkpoints: {
        type: 'object',
        description: 'How checkpoints of other tools name and lay out this model\'s weights, one entry per convention (`--weights`, `build --target safetensors|keras-h5`).',
        propertyNames: { pattern: IDENT_PATTERN },
        additionalProperties: {
          type: 'object',
          description: 'One checkpoint convention.',
          properties: {
            description: { type: 'string', description: 'Whose checkpoints these are.' },
            layout: { enum: [...CHECKPOINT_LAYOUTS], description: 'keras: HWIO kernels, Keras weight names; torch: OIHW, Dense [out, in], weight/bias/running_mean/running_var.' },
            if: { description: 'The convention applies where this holds, e.g. "$convention == \'torchvision\'".' },
            layers: {
              type: 'object',
              description: 'graphc layer name pattern (`{capture}` matches letters and digits) to checkpoint key template, e.g. `conv{s}_block{b}_{k}_conv: layer{s - 1}.{b - 1}.conv{k}`. First match wins; other layers keep their name.',
              additionalProperties: { type: 'string' },
            },
          },
          required: ['layout'],
          additionalProperties: false,
        },
      },
      training: {
        type: 'object',
        description: 'Settings for `model.compile(...)`.',
        properties: {
          optimizer: { description: 'Optimizer name (adam, sgd, rmsprop, ...) or {class_name, config}.' },
          loss: { description: 'Loss name, e.g. categorical_crossentropy, or a list per output.' },
          metrics: { type: 'array', items: { type: 'string' }, description: 'Metric names, e.g. [accuracy].' },
        },
        required: ['optimizer', 'loss'],
        additionalProperties: false,
      },
    },
    required: ['graphc', 'name', 'inputs', 'body'],
    additionalProperties: false,
    $defs: defs,
  };
}

export { WIRING_KEYS };
