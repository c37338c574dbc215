#!/usr/bin/env python3
"""Trains a Neural Workbench run with PyTorch, on one process or many (torch.distributed).

    python train.py                                   # one process
    torchrun --nproc_per_node=4 train.py              # four processes on this machine
    torchrun --nnodes=2 --node_rank=0 --master_addr=HOST --master_port=29500 --nproc_per_node=8 train.py

The ranks read the standard RANK / WORLD_SIZE / LOCAL_RANK / MASTER_ADDR / MASTER_PORT variables (torchrun
sets them); the backend is nccl where GPUs exist, gloo otherwise. Backpropagation runs under
DistributedDataParallel with the same global batch as the run in the app: every process draws the same shuffled
order and takes its share of each batch. The ELM accumulates HᵀH and HᵀT over each process's rows, sums them
with all_reduce and solves once.

Rank 0 writes into --out (default: output/ beside this file): metrics.jsonl (one line per epoch), model.json
(the trained model in Neural Workbench's model format) and result.json (final scores; written last). Bring them
back with the app's "Import run" button or `cli import-run THIS_FOLDER`.

Needs Python 3.8+, numpy and torch (1.13 or later). Reads config.json, preprocessing.json, split.json,
initial_weights.json and data.csv from this folder.
"""
import argparse
import base64
import copy
import csv
import json
import math
import os
import platform
import socket
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
RESULT_FORMAT = "neural-workbench/run-result"


# ---------------------------------------------------------------------------------------------------------------
# Arrays in the model format: raw little-endian IEEE-754 bytes in base64.

def decode_array(enc):
    dtype = {"float32": "<f4", "float64": "<f8"}[enc["dtype"]]
    a = np.frombuffer(base64.b64decode(enc["base64"]), dtype=dtype).astype(np.float64)
    return a.reshape(enc["shape"]) if enc.get("shape") else a


def encode_array(a, dtype, shape=None):
    a = np.ascontiguousarray(np.asarray(a, dtype={"float32": "<f4", "float64": "<f8"}[dtype]))
    out = {"dtype": dtype, "base64": base64.b64encode(a.tobytes()).decode("ascii")}
    if shape is not None:
        out["shape"] = [int(s) for s in shape]
    return out


def read_json(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------------------------------------------------------
# Data: the run's columns and its fitted preprocessing, applied as the app applies it.

def read_columns(path, names):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        missing = [n for n in names if n not in header]
        if missing:
            sys.exit(f"{path}: missing column(s) {', '.join(missing)}")
        index = [header.index(n) for n in names]
        columns = {n: [] for n in names}
        for row in reader:
            for n, i in zip(names, index):
                columns[n].append(row[i] if i < len(row) else "")
    return columns


def parse_number(text):
    try:
        v = float(text)
    except ValueError:
        return math.nan
    return v if math.isfinite(v) else math.nan


def transform_features(state, columns, rows):
    """One row per entry of `rows`: numbers and category codes imputed with the training mean, then scaled;
    one-hot categories as 0/1 columns (an unseen or missing category is a row of zeros)."""
    blocks = []
    for f in state["features"]:
        cells = [columns[f["name"]][r] for r in rows]
        if f["kind"] == "one-hot":
            index = {c: i for i, c in enumerate(f["categories"])}
            block = np.zeros((len(rows), len(f["categories"])))
            for i, cell in enumerate(cells):
                j = index.get(cell)
                if j is not None:
                    block[i, j] = 1.0
        else:
            if f["kind"] == "numeric":
                v = np.array([parse_number(c) for c in cells], dtype=np.float64)
            else:
                index = {c: float(i) for i, c in enumerate(f["categories"])}
                v = np.array([index.get(c, math.nan) for c in cells], dtype=np.float64)
            v = np.where(np.isnan(v), f["mean"], v)
            block = ((v - f["offset"]) / f["scale"]).reshape(-1, 1)
        blocks.append(block)
    return np.hstack(blocks) if blocks else np.zeros((len(rows), 0))


def encode_targets(state, columns, rows):
    """Class indices (classification) or scaled values (regression)."""
    target = state["target"]
    cells = [columns[target["name"]][r] for r in rows]
    if target["kind"] == "classes":
        index = {c: i for i, c in enumerate(target["labels"])}
        unknown = [c for c in cells if c not in index]
        if unknown:
            sys.exit(f"target label {unknown[0]!r} is not one of the training classes {target['labels']}")
        return np.array([index[c] for c in cells], dtype=np.int64)
    v = np.array([parse_number(c) for c in cells], dtype=np.float64)
    return (v - target["offset"]) / target["scale"]


# ---------------------------------------------------------------------------------------------------------------
# Processes.

class World:
    def __init__(self, device_choice):
        self.size = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        cuda = torch.cuda.is_available() and device_choice != "cpu"
        if device_choice == "cuda" and not torch.cuda.is_available():
            sys.exit("--device cuda: no GPU is available")
        self.device = torch.device(f"cuda:{self.local_rank}" if cuda else "cpu")
        if cuda:
            torch.cuda.set_device(self.device)
        self.backend = ("nccl" if cuda else "gloo") if self.size > 1 else "none"
        if self.size > 1:
            dist.init_process_group(self.backend, init_method="env://")
        self.hosts = self.gather(socket.gethostname())

    def sum_(self, tensor):
        """Sums a tensor over the processes, in place (a CPU tensor travels through the device for nccl)."""
        if self.size > 1:
            t = tensor.to(self.device)
            dist.all_reduce(t, op=dist.ReduceOp.SUM)
            tensor.copy_(t.to(tensor.device))
        return tensor

    def gather(self, value):
        if self.size == 1:
            return [value]
        out = [None] * self.size
        dist.all_gather_object(out, value)
        return out

    def share(self, rows):
        """This process's contiguous share of `rows` (every process gets a share of equal size ±1)."""
        return np.array_split(np.asarray(rows), self.size)[self.rank]

    def close(self):
        if self.size > 1:
            dist.barrier()
            dist.destroy_process_group()


# ---------------------------------------------------------------------------------------------------------------
# Scores, with the app's definitions (accuracy, balanced accuracy over the classes present, MSE/RMSE/MAE/R² in
# the target's units), summed over the processes from sufficient statistics.

class Scores:
    def __init__(self, task, classes, target):
        self.task, self.k, self.target = task, len(classes), target
        width = 2 + (self.k * self.k if task == "classification" else 4)
        self.sums = torch.zeros(width, dtype=torch.float64)

    def add(self, loss_mean, rows, predicted, actual):
        """predicted: class indices or scaled values; actual: class indices or scaled values."""
        s = self.sums
        s[0] += float(loss_mean) * rows
        s[1] += rows
        if rows == 0:
            return
        if self.task == "classification":
            flat = (actual.long() * self.k + predicted.long()).cpu()
            s[2:] += torch.bincount(flat, minlength=self.k * self.k).to(torch.float64)
        else:
            scale, offset = self.target["scale"], self.target["offset"]
            y = actual.double().cpu().reshape(-1) * scale + offset
            p = predicted.double().cpu().reshape(-1) * scale + offset
            e = y - p
            s[2] += (e * e).sum()
            s[3] += e.abs().sum()
            s[4] += y.sum()
            s[5] += (y * y).sum()

    def finish(self, world):
        s = world.sum_(self.sums.clone())
        n = s[1].item()
        if n == 0:
            return None
        out = {"loss": s[0].item() / n}
        if self.task == "classification":
            confusion = s[2:].reshape(self.k, self.k)
            support = confusion.sum(dim=1)
            present = support > 0
            recall = torch.where(present, confusion.diagonal() / support.clamp(min=1), torch.zeros_like(support))
            out["accuracy"] = confusion.diagonal().sum().item() / n
            out["balancedAccuracy"] = (recall[present].sum() / present.sum()).item() if present.any() else math.nan
        else:
            sse, sae, sy, syy = s[2].item(), s[3].item(), s[4].item(), s[5].item()
            ss_tot = syy - sy * sy / n
            mse = sse / n
            out.update({"mse": mse, "rmse": math.sqrt(mse), "mae": sae / n,
                        "r2": (1.0 if sse == 0 else 0.0) if ss_tot <= 1e-12 * max(1.0, syy) else 1 - sse / ss_tot})
        return out


def final_scores(evaluate, data):
    """Scores of the kept model on every non-empty split."""
    return {split: evaluate(split) for split in ("train", "val", "test") if split == "train" or data[split][0].shape[0] > 0}


def confusion_matrix(actual, predicted, k):
    m = [[0] * k for _ in range(k)]
    for a, p in zip(actual, predicted):
        m[a][p] += 1
    return m


# ---------------------------------------------------------------------------------------------------------------
# Backpropagation.

class WorkbenchBatchNorm(nn.BatchNorm1d):
    """BatchNorm1d as the app's: a training batch of one row has no spread, so it only updates the running mean
    (PyTorch would refuse it), and a process with no rows in a step leaves the statistics alone."""

    def forward(self, x):
        if self.training and x.shape[0] <= 1:
            if x.shape[0] == 1:
                with torch.no_grad():
                    self.running_mean.mul_(1 - self.momentum).add_(self.momentum * x[0])
            # γ·0 + β: both parameters take part in backward, as DistributedDataParallel needs.
            return self.weight * (x * 0) + self.bias
        return super().forward(x)


def activation_module(spec):
    a = spec["activation"]
    alpha = spec.get("alpha")
    return {
        "linear": lambda: nn.Identity(),
        "relu": lambda: nn.ReLU(),
        "leakyRelu": lambda: nn.LeakyReLU(alpha),
        "elu": lambda: nn.ELU(alpha),
        "gelu": lambda: nn.GELU(),
        "sigmoid": lambda: nn.Sigmoid(),
        "tanh": lambda: nn.Tanh(),
        "softmax": lambda: nn.Softmax(dim=1),
    }[a]()


def build_network(layers, input_size, initial):
    """The layers [0, len(layers)) as modules, weights from the app's initial draw; returns (modules, widths)."""
    modules = []
    width = input_size
    for i, spec in enumerate(layers):
        kind = spec["type"]
        if kind == "dense":
            m = nn.Linear(width, spec["units"], bias=spec["bias"])
            with torch.no_grad():
                m.weight.copy_(torch.from_numpy(decode_array(initial[f"{i}.weight"]).reshape(width, spec["units"]).T))
                if spec["bias"]:
                    m.bias.copy_(torch.from_numpy(decode_array(initial[f"{i}.bias"])))
            width = spec["units"]
        elif kind == "activation":
            m = activation_module(spec)
        elif kind == "dropout":
            m = nn.Dropout(spec["rate"])
        elif kind == "batchNorm":
            m = WorkbenchBatchNorm(width, eps=spec["epsilon"], momentum=spec["momentum"])
            with torch.no_grad():
                m.weight.copy_(torch.from_numpy(decode_array(initial[f"{i}.gamma"])))
                m.bias.copy_(torch.from_numpy(decode_array(initial[f"{i}.beta"])))
                m.running_mean.copy_(torch.from_numpy(decode_array(initial[f"{i}.runningMean"])))
                m.running_var.copy_(torch.from_numpy(decode_array(initial[f"{i}.runningVar"])))
        else:
            sys.exit(f"layer {i + 1}: unknown layer type {kind!r}")
        modules.append(m)
    return modules


def network_weights(layers, modules):
    """The trained weights under the app's names (float32, W stored inputs × units)."""
    out = {}
    for i, (spec, m) in enumerate(zip(layers, modules)):
        if spec["type"] == "dense":
            w = m.weight.detach().cpu().numpy().T
            out[f"{i}.weight"] = encode_array(w.reshape(-1), "float32")
            if spec["bias"]:
                out[f"{i}.bias"] = encode_array(m.bias.detach().cpu().numpy(), "float32")
        elif spec["type"] == "batchNorm":
            out[f"{i}.gamma"] = encode_array(m.weight.detach().cpu().numpy(), "float32")
            out[f"{i}.beta"] = encode_array(m.bias.detach().cpu().numpy(), "float32")
            out[f"{i}.runningMean"] = encode_array(m.running_mean.cpu().numpy(), "float32")
            out[f"{i}.runningVar"] = encode_array(m.running_var.cpu().numpy(), "float32")
    return out


def make_optimizer(config, params):
    o, p = config["id"], config["params"]
    if o == "sgd":
        return torch.optim.SGD(params, lr=p["lr"], momentum=p["momentum"], dampening=p["dampening"],
                               weight_decay=p["weightDecay"], nesterov=p["nesterov"])
    if o in ("adam", "adamw"):
        cls = torch.optim.Adam if o == "adam" else torch.optim.AdamW
        return cls(params, lr=p["lr"], betas=(p["beta1"], p["beta2"]), eps=p["eps"],
                   weight_decay=p["weightDecay"], amsgrad=p["amsgrad"])
    if o == "rmsprop":
        return torch.optim.RMSprop(params, lr=p["lr"], alpha=p["alpha"], eps=p["eps"], weight_decay=p["weightDecay"],
                                   momentum=p["momentum"], centered=p["centered"])
    if o == "adagrad":
        return torch.optim.Adagrad(params, lr=p["lr"], lr_decay=p["lrDecay"], weight_decay=p["weightDecay"],
                                   initial_accumulator_value=p["initialAccumulatorValue"], eps=p["eps"])
    sys.exit(f"unknown optimizer {o!r}")


def make_schedule(config, optimizer, epochs):
    """Stepped once per epoch with the monitored loss, as in the app (PyTorch's closed forms)."""
    if not config or config["id"] == "constant":
        return None
    s, p = config["id"], config["params"]
    base = optimizer.param_groups[0]["lr"]
    if s == "reduceOnPlateau":
        return torch.optim.lr_scheduler.ReduceLROnPlateau(
            optimizer, mode="min", factor=p["factor"], patience=p["patience"], threshold=p["threshold"],
            threshold_mode="rel", cooldown=p["cooldown"], min_lr=p["minLr"], eps=1e-8)
    if s == "step":
        factor = lambda e: p["gamma"] ** (e // p["stepSize"])
    elif s == "exponential":
        factor = lambda e: p["gamma"] ** e
    elif s == "cosine":
        t_max = p["tMax"] or epochs
        factor = lambda e: (p["etaMin"] + (base - p["etaMin"]) * (1 + math.cos(math.pi * e / t_max)) / 2) / base
    else:
        sys.exit(f"unknown schedule {s!r}")
    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def make_loss(config):
    l = config["id"]
    if l == "crossEntropy":
        return nn.CrossEntropyLoss(), "indices"
    if l == "binaryCrossEntropy":
        return nn.BCEWithLogitsLoss(), "class1"
    if l == "mse":
        return nn.MSELoss(), "values"
    if l == "mae":
        return nn.L1Loss(), "values"
    if l == "huber":
        return nn.HuberLoss(delta=config["params"]["delta"]), "values"
    sys.exit(f"unknown loss {l!r}")


def loss_targets(y, kind, dtype):
    if kind == "indices":
        return y
    if kind == "class1":
        return (y == 1).to(dtype).reshape(-1, 1)
    return y.to(dtype).reshape(-1, 1)


def predictions(out, kind):
    """Class indices from logits/probabilities (one column: class 1 above the fused sigmoid's 0), or values."""
    if kind == "values":
        return out.reshape(-1)
    if out.shape[1] == 1:
        return (out.reshape(-1) > 0).long()
    return out.argmax(dim=1)


def fused_end(layers, loss_id):
    fused = {"crossEntropy": "softmax", "binaryCrossEntropy": "sigmoid"}.get(loss_id)
    last = layers[-1] if layers else None
    if fused and last and last["type"] == "activation" and last["activation"] == fused:
        return len(layers) - 1
    return len(layers)


def train_backprop(cfg, data, world, dtype, log):
    trainer = cfg["trainer"]
    layers = cfg["layers"]
    torch.manual_seed(cfg["seed"] * 1000 + world.rank)  # dropout masks: independent per process
    modules = build_network(layers, cfg["inputSize"], read_json("initial_weights.json"))
    end = fused_end(layers, trainer["loss"]["id"])
    net = nn.Sequential(*modules[:end]).to(world.device, dtype)
    model = net
    if world.size > 1:
        ddp = torch.nn.parallel.DistributedDataParallel
        model = ddp(net, device_ids=[world.device.index] if world.device.type == "cuda" else None)
    loss_fn, target_kind = make_loss(trainer["loss"])
    optimizer = make_optimizer(trainer["optimizer"], model.parameters())
    schedule = make_schedule(trainer.get("schedule"), optimizer, trainer["epochs"])
    es = trainer.get("earlyStopping")
    clipping = trainer.get("clipping") or {"mode": "none", "value": 0}
    task, classes, target = cfg["task"], cfg["classes"], cfg["preprocessing"]["target"]

    x_train, y_train = data["train"]
    n = x_train.shape[0]
    batch = max(1, min(trainer["batchSize"], n))
    order_rng = np.random.default_rng(cfg["seed"])  # the same order on every process
    param_layers = [i for i, s in enumerate(layers[:end]) if s["type"] in ("dense", "batchNorm")]

    def to_device(x, y):
        return torch.as_tensor(x, dtype=dtype, device=world.device), torch.as_tensor(y, device=world.device)

    def evaluate(split):
        x_all, y_all = data[split]
        rows = world.share(np.arange(x_all.shape[0]))
        scores = Scores(task, classes, target)
        model.eval()
        with torch.no_grad():
            for start in range(0, len(rows), 2048):
                idx = rows[start:start + 2048]
                x, y = to_device(x_all[idx], y_all[idx])
                out = net(x)
                scores.add(loss_fn(out, loss_targets(y, target_kind, dtype)).item(), len(idx),
                           predictions(out, target_kind), y)
        return scores.finish(world)

    records, best, best_epoch, best_state, wait = [], math.inf, None, None, 0
    status, stopped_early, divergence = "completed", False, None
    started = time.perf_counter()
    for epoch in range(1, trainer["epochs"] + 1):
        epoch_start = time.perf_counter()
        lr = optimizer.param_groups[0]["lr"]
        order = order_rng.permutation(n)
        model.train()
        scores = Scores(task, classes, target)
        grad_norm_sums = {i: 0.0 for i in param_layers}
        batches = 0
        for start in range(0, n, batch):
            global_rows = order[start:start + batch]
            idx = world.share(global_rows)
            x, y = to_device(x_train[idx], y_train[idx])
            out = model(x)
            if len(idx) > 0:
                loss = loss_fn(out, loss_targets(y, target_kind, dtype))
                local = loss.item()
            else:
                loss, local = out.sum() * 0, 0.0
            # DDP averages gradients over the processes; weighting each share makes that the global batch's mean.
            optimizer.zero_grad(set_to_none=False)
            (loss * (len(idx) * world.size / len(global_rows))).backward()
            loss_sum = world.sum_(torch.tensor([local * len(idx)], dtype=torch.float64)).item()
            if not math.isfinite(loss_sum):
                divergence = {"epoch": epoch, "layer": None, "message": f"the training loss became {loss_sum} in epoch {epoch}"}
                break
            norms = {}
            for i in param_layers:
                sq = sum(float((p.grad.double() ** 2).sum()) for p in modules[i].parameters() if p.grad is not None)
                norms[i] = sq
                if not math.isfinite(sq):
                    name = f"layer {i + 1} ({layers[i]['type']})"
                    divergence = {"epoch": epoch, "layer": name, "message": f"the gradient of {name} became non-finite in epoch {epoch}"}
                    break
            if divergence:
                break
            for i, sq in norms.items():
                grad_norm_sums[i] += math.sqrt(sq)
            if clipping["mode"] == "norm":
                torch.nn.utils.clip_grad_norm_(model.parameters(), clipping["value"])
            elif clipping["mode"] == "value":
                torch.nn.utils.clip_grad_value_(model.parameters(), clipping["value"])
            optimizer.step()
            batches += 1
            scores.add(local, len(idx), predictions(out.detach(), target_kind), y)
        if divergence:
            break
        train_metrics = scores.finish(world)
        val_metrics = evaluate("val") if data["val"][0].shape[0] > 0 else None
        monitored = (val_metrics or train_metrics)["loss"]
        if not math.isfinite(monitored):
            divergence = {"epoch": epoch, "layer": None, "message": f"the validation loss became {monitored} in epoch {epoch}"}
            break
        now = time.perf_counter()
        epoch_ms = (now - epoch_start) * 1000
        record = {
            "epoch": epoch, "train": train_metrics, "lr": lr, "epochMs": epoch_ms,
            "elapsedMs": (now - started) * 1000, "samplesPerSec": n * 1000 / epoch_ms if epoch_ms > 0 else 0,
            "layers": [{"layer": i, "name": f"layer {i + 1} ({layers[i]['type']})",
                        "gradNorm": grad_norm_sums[i] / max(1, batches),
                        "weightNorm": math.sqrt(sum(float((p.detach().double() ** 2).sum()) for p in modules[i].parameters()))}
                       for i in param_layers],
        }
        if val_metrics:
            record["val"] = val_metrics
        records.append(record)
        log(record)
        if monitored < best - (es["minDelta"] if es else 0):
            best, best_epoch, wait = monitored, epoch, 0
            if not es or es.get("restoreBest", True):
                best_state = copy.deepcopy(net.state_dict())
        else:
            wait += 1
            if es and wait >= es["patience"]:
                stopped_early = True
                break
        if isinstance(schedule, torch.optim.lr_scheduler.ReduceLROnPlateau):
            schedule.step(monitored)
        elif schedule is not None:
            schedule.step()

    if divergence:
        status = "diverged"
    if best_state is not None and (status == "diverged" or (es and es.get("restoreBest", True))):
        net.load_state_dict(best_state)
    train_ms = (time.perf_counter() - started) * 1000
    if status == "diverged" and best_state is None:
        return {"status": status, "records": records, "bestEpoch": best_epoch, "stoppedEarly": stopped_early,
                "divergence": divergence, "trainMs": train_ms, "metrics": {}, "predictor": None}

    metrics = final_scores(evaluate, data)
    test_out = None
    if data["test"][0].shape[0] > 0:
        with torch.no_grad():
            net.eval()
            x, _ = to_device(*data["test"])
            test_out = predictions(net(x), target_kind).cpu().numpy()
    predictor = {"kind": "network", "inputSize": cfg["inputSize"], "layers": layers,
                 "weights": network_weights(layers, modules)}
    params = sum(p.numel() for p in net.parameters())
    return {"status": status, "records": records, "bestEpoch": best_epoch, "stoppedEarly": stopped_early,
            "divergence": divergence, "trainMs": train_ms, "metrics": metrics, "predictor": predictor,
            "testOutputs": test_out, "parameterCount": params}


# ---------------------------------------------------------------------------------------------------------------
# Extreme Learning Machine: the app's random hidden layer, HᵀH and HᵀT summed over the processes, one solve.

def elm_hidden(hidden, x):
    a = hidden["activation"]
    if a == "rbf":
        c, widths = hidden["matrix"], hidden["vector"]
        dist2 = (x * x).sum(dim=1, keepdim=True) - 2 * x @ c + (c * c).sum(dim=0)
        return torch.exp(-widths * dist2.clamp(min=0))
    z = x @ hidden["matrix"] + hidden["vector"]
    return {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "sin": torch.sin,
            "hardlim": lambda v: (v >= 0).to(v.dtype)}[a](z)


def solve_elm(gram, cross, trainer):
    """β from the summed HᵀH (L × L) and HᵀT (L × k), as the app's primal solvers."""
    units = gram.shape[0]
    eps = torch.finfo(torch.float64).eps
    if trainer["solver"] == "ridge":
        a = gram + torch.eye(units, dtype=torch.float64) / trainer["c"]
        chol, info = torch.linalg.cholesky_ex(a)
        if info.item() == 0:
            d = chol.diagonal() ** 2
            if (d.min() / d.max()).item() ** 2 >= units * eps:
                beta = torch.cholesky_solve(cross, chol)
                if torch.isfinite(beta).all():
                    return beta, "ridge-cholesky"
        return torch.linalg.pinv(a, hermitian=True) @ cross, "ridge-svd"
    values, vectors = torch.linalg.eigh(gram)
    tol = units * eps * values.max().clamp(min=0)
    inv = torch.where(values > tol, 1 / values, torch.zeros_like(values))
    return vectors @ (inv.unsqueeze(1) * (vectors.T @ cross)), "pinv-gram"


def train_elm(cfg, data, world, log):
    trainer = cfg["trainer"]
    init = read_json("initial_weights.json")
    hidden = {"activation": init["activation"],
              "matrix": torch.from_numpy(decode_array(init["inputWeights"])),
              "vector": torch.from_numpy(decode_array(init["unitParams"]))}
    task, classes, target = cfg["task"], cfg["classes"], cfg["preprocessing"]["target"]
    k = len(classes) if task == "classification" else 1
    units = hidden["vector"].shape[0]

    def one_hot(y):
        if task == "classification":
            return torch.nn.functional.one_hot(torch.as_tensor(y), k).to(torch.float64)
        return torch.as_tensor(y, dtype=torch.float64).reshape(-1, 1)

    started = time.perf_counter()
    x_train, y_train = data["train"]
    rows = world.share(np.arange(x_train.shape[0]))
    gram = torch.zeros(units, units, dtype=torch.float64)
    cross = torch.zeros(units, k, dtype=torch.float64)
    hidden_s = 0.0
    for start in range(0, len(rows), 2048):
        idx = rows[start:start + 2048]
        t0 = time.perf_counter()
        h = elm_hidden(hidden, torch.from_numpy(x_train[idx]))
        hidden_s += time.perf_counter() - t0
        gram += h.T @ h
        cross += h.T @ one_hot(y_train[idx])
    t1 = time.perf_counter()
    world.sum_(gram)
    world.sum_(cross)
    beta, solver_used = solve_elm(gram, cross, trainer)
    solve_ms = (time.perf_counter() - t1) * 1000
    train_ms = (time.perf_counter() - started) * 1000

    def evaluate(split):
        x_all, y_all = data[split]
        rows = world.share(np.arange(x_all.shape[0]))
        scores = Scores(task, classes, target)
        for start in range(0, len(rows), 2048):
            idx = rows[start:start + 2048]
            out = elm_hidden(hidden, torch.from_numpy(x_all[idx])) @ beta
            t = one_hot(y_all[idx])
            pred = out.argmax(dim=1) if task == "classification" else out.reshape(-1)
            scores.add(((out - t) ** 2).mean().item(), len(idx), pred, torch.as_tensor(y_all[idx]))
        return scores.finish(world)

    metrics = final_scores(evaluate, data)
    test_out = None
    if data["test"][0].shape[0] > 0:
        out = elm_hidden(hidden, torch.from_numpy(data["test"][0])) @ beta
        test_out = (out.argmax(dim=1) if task == "classification" else out.reshape(-1)).numpy()
    d = hidden["matrix"].shape[0]
    predictor = {"kind": "elm", "elm": {
        "format": "elm", "version": 1, "activation": hidden["activation"],
        "inputWeights": encode_array(hidden["matrix"].numpy().reshape(-1), "float64", [d, units]),
        "unitParams": encode_array(hidden["vector"].numpy(), "float64", [units]),
        "beta": encode_array(beta.numpy().reshape(-1), "float64", [units, k]),
    }}
    log({"phase": "solved", "solverUsed": solver_used, "hiddenMs": hidden_s * 1000, "solveMs": solve_ms})
    return {"status": "completed", "records": [], "bestEpoch": None, "stoppedEarly": False, "divergence": None,
            "trainMs": train_ms, "metrics": metrics, "predictor": predictor, "testOutputs": test_out,
            "parameterCount": d * units + units + units * k,
            "elm": {"hiddenMs": hidden_s * 1000, "solveMs": solve_ms, "rank": None, "condition": None, "solverUsed": solver_used}}


# ---------------------------------------------------------------------------------------------------------------

def finite(value):
    """JSON has no NaN or Infinity: a score that could not be computed is written as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def write_json(path, value):
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(finite(value), f, allow_nan=False)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(HERE, "output"), help="folder for metrics.jsonl, model.json, result.json")
    parser.add_argument("--data", default=None, help="a CSV with the run's columns (default: data.csv beside this file)")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64", help="backprop arithmetic (default float64)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    args = parser.parse_args()

    cfg = read_json("config.json")
    cfg["preprocessing"] = read_json("preprocessing.json")
    split = read_json("split.json")
    threads = os.environ.get("OMP_NUM_THREADS")
    if threads:
        torch.set_num_threads(int(threads))
    world = World(args.device)
    dtype = torch.float64 if args.dtype == "float64" else torch.float32

    state = cfg["preprocessing"]
    names = [state["target"]["name"]] + [f["name"] for f in state["features"]]
    columns = read_columns(args.data or os.path.join(HERE, cfg["data"]["file"]), names)
    data = {}
    for name in ("train", "val", "test"):
        rows = split[name]
        data[name] = (transform_features(state, columns, rows), encode_targets(state, columns, rows))

    metrics_path = os.path.join(args.out, "metrics.jsonl")
    if world.rank == 0:
        os.makedirs(args.out, exist_ok=True)
        for name in ("metrics.jsonl", "model.json", "result.json"):
            if os.path.exists(os.path.join(args.out, name)):
                os.remove(os.path.join(args.out, name))
    lines = open(metrics_path, "w", encoding="utf-8") if world.rank == 0 else None

    def log(record):
        if lines:
            lines.write(json.dumps(finite(record), allow_nan=False) + "\n")
            lines.flush()
            if "epoch" in record:
                train, val = record["train"], record.get("val") or {}
                print(f"epoch {record['epoch']:4d}  loss {train['loss']:.4f}  val_loss {val.get('loss', math.nan):.4f}", flush=True)

    started_at = time.time()
    if cfg["trainer"]["trainer"] == "elm":
        out = train_elm(cfg, data, world, log)
    else:
        out = train_backprop(cfg, data, world, dtype, log)
    finished_at = time.time()

    if world.rank == 0:
        lines.close()
        test_rows = split["test"]
        result = {
            "format": RESULT_FORMAT, "version": 1, "status": out["status"], "trainMs": out["trainMs"],
            "bestEpoch": out["bestEpoch"], "stoppedEarly": out["stoppedEarly"], "divergence": out["divergence"],
            "epochs": len(out["records"]), "metrics": out["metrics"], "parameterCount": out.get("parameterCount", 0),
            "data": {"train": len(split["train"]), "val": len(split["val"]), "test": len(test_rows),
                     "features": int(data["train"][0].shape[1]), "droppedRows": cfg["data"].get("droppedRows", 0)},
            "ran": {"engine": "PyTorch", "torch": torch.__version__, "python": platform.python_version(),
                    "worldSize": world.size, "backend": world.backend, "device": world.device.type,
                    "hosts": sorted(set(world.hosts)), "dtype": args.dtype,
                    "startedAt": int(started_at * 1000), "finishedAt": int(finished_at * 1000)},
            "run": cfg["run"],
        }
        if out.get("elm"):
            result["elm"] = out["elm"]
        test_out = out.get("testOutputs")
        if test_out is not None:
            actual = data["test"][1]
            if cfg["task"] == "classification":
                result["testPredictions"] = {"rows": test_rows, "actual": [int(v) for v in actual], "predicted": [int(v) for v in test_out]}
                result["confusion"] = confusion_matrix(result["testPredictions"]["actual"], result["testPredictions"]["predicted"], len(cfg["classes"]))
            else:
                t = state["target"]
                result["testPredictions"] = {"rows": test_rows, "actual": [float(v) * t["scale"] + t["offset"] for v in actual],
                                             "predicted": [float(v) * t["scale"] + t["offset"] for v in test_out]}
        if out["predictor"] is not None:
            write_json(os.path.join(args.out, "model.json"), {
                "format": "neural-workbench/model", "version": 1, "task": cfg["task"], "classes": cfg["classes"],
                "preprocessing": state, "predictor": out["predictor"]})
        write_json(os.path.join(args.out, "result.json"), result)
        print(f"{out['status']} in {out['trainMs'] / 1000:.2f} s on {world.size} process(es) ({world.backend}); results in {args.out}", flush=True)
    world.close()


if __name__ == "__main__":
    main()
