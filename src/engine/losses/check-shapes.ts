import type { Matrix } from '../math/matrix';

export function checkShapes(loss: string, output: Matrix, target: Matrix, grad: Matrix | null): void {
  if (output.rows !== target.rows || output.cols !== target.cols) {
    throw new Error(`${loss}: output is ${output.rows}×${output.cols} but target is ${target.rows}×${target.cols}`);
  }
  if (grad && (grad.rows !== output.rows || grad.cols !== output.cols)) {
    throw new Error(`${loss}: gradient buffer is ${grad.rows}×${grad.cols}, expected ${output.rows}×${output.cols}`);
  }
}
