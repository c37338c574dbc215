/**
 * A small builder over onnx-proto's generated protobuf classes: values get fresh names that never collide with
 * the graph inputs (which are named after CSV columns and may be anything), constants become initializers, and
 * `encode` writes the ModelProto bytes. It knows nothing about our models; the exporters describe the graph.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** The default-domain opset the exported graphs use (ONNX 1.12; ONNX Runtime 1.30 and Debian's python3-onnx run it). */
export const ONNX_OPSET = 17;
/** ai.onnx.ml opset for LabelEncoder with string keys and float or int64 values. */
const ONNX_ML_OPSET = 2;
const IR_VERSION = 8;
const ML_DOMAIN = 'ai.onnx.ml';

const { DataType } = onnx.TensorProto;
export type ElementType = 'float32' | 'float64' | 'int64' | 'string' | 'bool';
const ELEMENT_TYPES: Record<ElementType, number> = {
  float32: DataType.FLOAT, float64: DataType.DOUBLE, int64: DataType.INT64, string: DataType.STRING, bool: DataType.BOOL,
};

/** A dimension: a fixed size, or the symbolic batch dimension N. */
export type Dim = number | 'N';

/** Attribute values by ONNX type: ints and floats must be told apart, JavaScript numbers cannot tell them. */
export type Attribute =
  | { int: number } | { float: number } | { ints: readonly number[] } | { floats: readonly number[] }
  | { string: string } | { strings: readonly string[] };

const encoder = new TextEncoder();

function attributeProto(name: string, value: Attribute): onnxProto.onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('ints' in value) return { name, type: AttributeType.INTS, ints: [...value.ints] };
  if ('floats' in value) return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
  if ('string' in value) return { name, type: AttributeType.STRING, s: encoder.encode(value.string) };
  return { name, type: AttributeType.STRINGS, strings: value.strings.map((s) => encoder.encode(s)) };
}

function valueInfo(name: string, type: ElementType, dims: readonly Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: ELEMENT_TYPES[type], shape: { dim: dims.map((d) => (d === 'N' ? { dimParam: 'N' } : { dimValue: d })) } } },
  };
}

function rawBytes(data: Float32Array | Float64Array | BigInt64Array): Uint8Array {
  // Typed arrays are little-endian on every host the app runs on, as ONNX's raw_data requires.
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

export class OnnxGraph {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  /** `reserved`: names to keep free (graph inputs and outputs), so no intermediate value takes them. */
  constructor(reserved: readonly string[]) {
    for (const name of reserved) this.used.add(name);
  }

  /** A name nobody has: `hint`, or `hint_2`, `hint_3`… */
  fresh(hint: string): string {
    let name = hint;
    while (this.used.has(name)) name = `${hint}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  input(name: string, type: ElementType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: ElementType, dims: readonly Dim[]): void {
    this.outputs.push(valueInfo(name, type, dims));
  }

  /** A constant tensor (stored as an initializer); returns its name. */
  constant(hint: string, data: Float32Array | Float64Array | BigInt64Array, dims: readonly number[]): string {
    const name = this.fresh(hint);
    const dataType = data instanceof Float32Array ? DataType.FLOAT : data instanceof Float64Array ? DataType.DOUBLE : DataType.INT64;
    this.initializers.push({ name, dataType, dims: [...dims], rawData: rawBytes(data) });
    return name;
  }

  /**
   * One node; returns the names of its outputs (fresh names from `outputHints`, or exactly `outputNames`
   * when the node writes a graph output).
   */
  node(op: string, inputs: readonly string[], options: {
    attributes?: Record<string, Attribute>; outputs?: readonly string[]; hint?: string; domain?: 'ml';
  } = {}): string[] {
    const outputs = options.outputs ? [...options.outputs] : [this.fresh(options.hint ?? op.toLowerCase())];
    this.nodes.push({
      opType: op,
      domain: options.domain === 'ml' ? ML_DOMAIN : '',
      name: this.fresh(`${op}_node`),
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(options.attributes ?? {}).map(([k, v]) => attributeProto(k, v)),
    });
    return outputs;
  }

  /** The single output of a node. */
  op(op: string, inputs: readonly string[], options: Parameters<OnnxGraph['node']>[2] = {}): string {
    return this.node(op, inputs, options)[0];
  }

  /** `value` converted to another element type (into the graph output `output` when given). */
  cast(value: string, to: ElementType, hint?: string, output?: string): string {
    return this.op('Cast', [value], {
      attributes: { to: { int: ELEMENT_TYPES[to] } }, hint: hint ?? `${value}_${to}`, ...(output ? { outputs: [output] } : {}),
    });
  }

  /** The ModelProto bytes, with string metadata (metadata_props) and a doc string. */
  encode(info: { graphName: string; docString: string; producerVersion: string; metadata: Record<string, string> }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'Neural Workbench',
      producerVersion: info.producerVersion,
      docString: info.docString,
      opsetImport: [{ domain: '', version: ONNX_OPSET }, { domain: ML_DOMAIN, version: ONNX_ML_OPSET }],
      metadataProps: Object.entries(info.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: info.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

