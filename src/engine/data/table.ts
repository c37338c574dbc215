/**
 * A dataset as the engine sees it: named columns, numeric ones as float64 (NaN = missing) and
 * categorical ones as codes into a dictionary (-1 = missing). The store keeps the same column-wise shape.
 */
export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical';
  readonly codes: Int32Array;
  readonly categories: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  readonly rowCount: number;
  readonly columns: readonly Column[];
}

export type Task = 'classification' | 'regression';
