/**
 * The shape of the generated schema validator (`validator.generated.ts`) and of its errors: the
 * part of ajv's `ErrorObject` the compiler reads. Declared here so that neither the compiler nor
 * an installed graphc needs ajv at run time: ajv only runs in `npm run gen:schema`.
 */

/** One schema violation, as ajv's generated code reports it (with `verbose: true`). */
export interface SchemaError {
  /** The JSON Schema keyword that failed: `type`, `enum`, `additionalProperties`, ... */
  readonly keyword: string;
  /** JSON Pointer to the offending value, `''` for the document. */
  readonly instancePath: string;
  /** Keyword-specific details (`additionalProperty`, `missingProperty`, `allowedValues`, ...). */
  readonly params: Record<string, unknown>;
  /** For `propertyNames` failures: the key that failed. */
  readonly propertyName?: string;
  /** ajv's default English message. */
  readonly message?: string;
  /** The schema object holding the keyword (verbose mode). */
  readonly parentSchema?: Record<string, unknown>;
}

/** A validator: true when the document is valid; otherwise `errors` lists every violation. */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}
