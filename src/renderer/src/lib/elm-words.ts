/** One plain sentence for each way an ELM's output weights can be solved (the engine's `solverUsed`). */
const SOLVER_WORDS: Record<string, string> = {
  pinv: 'Exact least-squares fit through the pseudo-inverse of the hidden layer\'s outputs (singular value decomposition).',
  'pinv-gram': 'Exact least-squares fit through the pseudo-inverse, computed from the small hidden-units × hidden-units product (many rows).',
  'pinv-gram-dual': 'Exact least-squares fit through the pseudo-inverse, computed from the rows × rows product (fewer rows than hidden units).',
  'ridge-cholesky': 'Ridge fit: solved through the hidden-units × hidden-units product with a Cholesky factorisation (fast and stable).',
  'ridge-eigen': 'Ridge fit: solved with an eigendecomposition, the fallback when the faster factorisation would not have been accurate (the problem is badly conditioned).',
  'ridge-svd': 'Ridge fit: solved with a singular value decomposition, the fallback when the faster factorisation was not safe.',
  'ridge-dual-cholesky': 'Ridge fit: solved through the rows × rows product (fewer rows than hidden units) with a Cholesky factorisation.',
  'ridge-dual-eigen': 'Ridge fit: solved through the rows × rows product with an eigendecomposition (the accurate fallback for a badly conditioned problem).',
  'ridge-dual-svd': 'Ridge fit: solved through the rows × rows product with a singular value decomposition (the safe fallback).',
  none: 'No weights were solved (the run was cancelled first).',
};

export function elmSolverWords(solverUsed: string): string {
  return SOLVER_WORDS[solverUsed] ?? 'The method the engine used to solve the output weights.';
}
