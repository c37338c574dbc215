"""numpy and PyTorch on the bench's workloads, as benchmark peers of the engine (bench/peers/native.ts runs this).

Usage: python3 native_peers.py --data DIR --threads T --runs R --workloads W1,W1s,W2,W3 [--hidden 1000,2000]
(workload W2ridge: numpy's ridge fit alone, for the bench's paired rounds against the engine)

DIR holds the engine's own data for the run (float32 little-endian, row-major, written by native.ts), so both
sides see the same numbers: W1/W1s inputs and targets, W2's inputs, one-hot targets and the ELM's random hidden
layer. The thread count must be fixed before numpy/torch load their BLAS, hence the environment first. Prints one
JSON line: {"versions": {...}, "numpy": Figures, "torch": Figures}, Figures = {workload: {key: median}}.
Everything else goes to stderr.
"""
import argparse
import json
import os
import sys

parser = argparse.ArgumentParser()
parser.add_argument('--data', required=True)
parser.add_argument('--threads', type=int, required=True)
parser.add_argument('--runs', type=int, default=3)
parser.add_argument('--workloads', default='W1,W1s,W2,W3')
parser.add_argument('--hidden', default='1000')
args = parser.parse_args()
for name in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ[name] = str(args.threads)

import time  # noqa: E402
import numpy as np  # noqa: E402

try:
    import torch  # noqa: E402
    torch.set_num_threads(args.threads)
except ImportError:  # numpy alone still gives its figures
    torch = None

WORKLOADS = set(args.workloads.split(','))
C = 1000.0  # the ridge parameter of bench/workloads.ts w2()


def load(name, rows, cols):
    return np.fromfile(os.path.join(args.data, name), dtype='<f4').reshape(rows, cols)


def log(line):
    print(line, file=sys.stderr, flush=True)


def measure(label, fn, runs=args.runs, warm_up=True):
    """Optional warm-up, then `runs` runs; the median of every key (as bench/measure.ts)."""
    if warm_up:
        fn()
    samples = []
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(max(1, runs)):
        samples.append(fn())
    share = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    out = {k: float(np.median([s[k] for s in samples])) for k in samples[0]}
    log(f'  {label}: ' + ', '.join(f'{k} {v:.4g}' for k, v in out.items()) + f' (CPU share {share:.2f})')
    return out


def w3_numpy(m, k, n, budget=2e9):
    rng = np.random.default_rng(4)
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    c = np.empty((m, n), np.float32)
    reps = max(1, round(budget / (2 * m * k * n)))
    t0 = time.perf_counter()
    for _ in range(reps):
        np.matmul(a, b, out=c)
    return {'gflops': 2 * m * k * n * reps / (time.perf_counter() - t0) / 1e9}


def w3_torch(m, k, n, budget=2e9):
    g = torch.Generator().manual_seed(4)
    a = torch.randn(m, k, generator=g)
    b = torch.randn(k, n, generator=g)
    c = torch.empty(m, n)
    reps = max(1, round(budget / (2 * m * k * n)))
    t0 = time.perf_counter()
    for _ in range(reps):
        torch.mm(a, b, out=c)
    return {'gflops': 2 * m * k * n * reps / (time.perf_counter() - t0) / 1e9}


def elm_data(hidden):
    n, d, k = 20000, 784, 10
    x = load('w2_x.f32', n, d)
    t = load('w2_t.f32', n, k).astype(np.float64)
    w = load(f'w2_w{hidden}.f32', d, hidden)
    b = load(f'w2_b{hidden}.f32', 1, hidden)[0]
    return x, t, w, b


class NumpyOps:
    name = 'numpy'
    convert = staticmethod(lambda a: a)

    @staticmethod
    def hidden(x, w, b):
        z = x @ w
        z += b
        with np.errstate(over='ignore'):  # exp(−z) = inf for z ≪ 0 gives σ = 0, as it should
            return 1 / (1 + np.exp(-z))

    double = staticmethod(lambda h: h.astype(np.float64))
    solve = staticmethod(np.linalg.solve)
    eigh = staticmethod(np.linalg.eigh)

    @staticmethod
    def add_to_diagonal(g, v):
        g[np.diag_indices_from(g)] += v


class TorchOps:
    name = 'torch'
    convert = staticmethod(lambda a: torch.from_numpy(np.ascontiguousarray(a)))
    hidden = staticmethod(lambda x, w, b: torch.sigmoid(torch.addmm(b, x, w)))
    double = staticmethod(lambda h: h.double())
    solve = staticmethod(lambda g, rhs: torch.linalg.solve(g, rhs))
    eigh = staticmethod(lambda g: torch.linalg.eigh(g))
    add_to_diagonal = staticmethod(lambda g, v: g.diagonal().add_(v))


def ridge_fit(ops, x, t, w, b):
    """H = σ(XW + b) in float32 like the engine; HᵀH, HᵀT in float64; β = (HᵀH + I/C)⁻¹HᵀT."""
    t0 = time.perf_counter()
    h = ops.hidden(x, w, b)
    t1 = time.perf_counter()
    h64 = ops.double(h)
    g = h64.T @ h64
    ht = h64.T @ t
    t2 = time.perf_counter()
    ops.add_to_diagonal(g, 1 / C)
    ops.solve(g, ht)
    t3 = time.perf_counter()
    return {'ridgeSec': t3 - t0, 'hiddenSec': t1 - t0, 'gramSec': t2 - t1, 'solveSec': t3 - t2, 'gramSolveSec': t3 - t1}


def pinv_gram_fit(ops, x, t, w, b):
    """The engine's pinv path: the eigendecomposition of HᵀH, β = V·Λ⁺·Vᵀ·HᵀT (λ ≤ L·ε·λ_max dropped)."""
    t0 = time.perf_counter()
    h = ops.double(ops.hidden(x, w, b))
    g = h.T @ h
    ht = h.T @ t
    t1 = time.perf_counter()
    lam, v = ops.eigh(g)
    keep = lam > len(lam) * np.finfo(np.float64).eps * lam.max()
    coef = v.T @ ht
    coef[keep] /= lam[keep][:, None]
    coef[~keep] = 0
    v @ coef
    t2 = time.perf_counter()
    return {'pinvGramSec': t2 - t0, 'eighSec': t2 - t1}


def w2(ops, hidden):
    x, t, w, b = (ops.convert(a) for a in elm_data(hidden))
    suffix = '' if hidden == 1000 else f'L{hidden}'
    out = {}
    ridge = measure(f'{ops.name} W2 ridge L={hidden}', lambda: ridge_fit(ops, x, t, w, b), runs=args.runs if hidden == 1000 else 1)
    gram = measure(f'{ops.name} W2 pinv via eigh(HᵀH) L={hidden}', lambda: pinv_gram_fit(ops, x, t, w, b), runs=1, warm_up=False)
    out.update({f'{k}{suffix}': v for k, v in {**ridge, **gram}.items()})
    if hidden == 1000 and ops is NumpyOps:
        # np.linalg.pinv: the SVD of the whole 20,000 × 1,000 H, the method as first published (seconds).
        def pinv():
            t0 = time.perf_counter()
            np.linalg.pinv(ops.double(ops.hidden(x, w, b))) @ t
            return {'pinvSec': time.perf_counter() - t0}
        out.update(measure('numpy W2 pinv (SVD of H)', pinv, runs=1, warm_up=False))
    return out


def train_torch(x, y, sizes, hidden_act, loss, optimizer, batch, epochs):
    """Samples/s of `epochs` epochs of shuffled mini-batches (gathered per step, as the engine does)."""
    torch.manual_seed(0)
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(hidden_act())
    model = torch.nn.Sequential(*layers)
    opt = optimizer(model.parameters())
    n = x.shape[0]
    t0 = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            opt.zero_grad(set_to_none=True)
            loss(model(x[idx]), y[idx]).backward()
            opt.step()
    return {'samplesPerSec': epochs * n / (time.perf_counter() - t0)}


def main():
    versions = {'numpy': np.__version__, 'torch': torch.__version__ if torch else None, 'threads': args.threads}
    result = {'versions': versions, 'numpy': {}, 'torch': {}}
    hidden_sizes = [int(h) for h in args.hidden.split(',') if h]
    if 'W3' in WORKLOADS:
        result['numpy']['W3'] = {
            'gflops64x784x256': measure('numpy W3 64×784·784×256', lambda: w3_numpy(64, 784, 256))['gflops'],
            'gflops1024': measure('numpy W3 1024³', lambda: w3_numpy(1024, 1024, 1024))['gflops'],
        }
        if torch:
            result['torch']['W3'] = {
                'gflops64x784x256': measure('torch W3 64×784·784×256', lambda: w3_torch(64, 784, 256))['gflops'],
                'gflops1024': measure('torch W3 1024³', lambda: w3_torch(1024, 1024, 1024))['gflops'],
            }
    if 'W2ridge' in WORKLOADS:
        x, t, w, b = elm_data(hidden_sizes[0])
        result['numpy']['W2'] = measure('numpy W2 ridge', lambda: ridge_fit(NumpyOps, x, t, w, b))
    if 'W2' in WORKLOADS:
        for ops in [NumpyOps] + ([TorchOps] if torch else []):
            result[ops.name]['W2'] = {}
            for hidden in hidden_sizes:
                result[ops.name]['W2'].update(w2(ops, hidden))
    if torch and 'W1' in WORKLOADS:
        x = torch.from_numpy(load('w1_x.f32', 20000, 784).copy())
        y = torch.from_numpy(load('w1_y.f32', 20000, 10).argmax(1))
        result['torch']['W1'] = measure('torch W1 MLP 784-256-128-10 Adam (foreach)', lambda: train_torch(
            x, y, [784, 256, 128, 10], torch.nn.ReLU, torch.nn.CrossEntropyLoss(),
            lambda p: torch.optim.Adam(p, lr=1e-3, foreach=True), 64, 1))
    if torch and 'W1s' in WORKLOADS:
        x = torch.from_numpy(load('w1s_x.f32', 5000, 8).copy())
        y = torch.from_numpy(load('w1s_y.f32', 5000, 1).copy())
        result['torch']['W1s'] = measure('torch W1s MLP 8-32-1 SGD', lambda: train_torch(
            x, y, [8, 32, 1], torch.nn.Tanh, torch.nn.MSELoss(), lambda p: torch.optim.SGD(p, lr=0.01), 32, 50))
    print(json.dumps(result))


main()
