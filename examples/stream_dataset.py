"""A PyTorch IterableDataset over `cairn stream`: one cairn process per DataLoader worker and DDP rank,
each reading its own shard of the same shuffled epoch, so every cell is seen once per epoch across the
whole job and every rank gets the same number of batches.

    dataset = CairnStream("atlas.cairn", at="v2026.1", batch_size=256, seed=7, columns=["cell_type"])
    for epoch in range(10):
        dataset.set_epoch(epoch)
        for batch in torch.utils.data.DataLoader(dataset, batch_size=None, num_workers=2):
            ...   # batch["genes"], batch["values"]: padded LongTensor / FloatTensor; batch["lengths"]
"""
import subprocess
import sys
import threading

import numpy as np
import pyarrow as pa
import torch
import torch.distributed as dist
from torch.utils.data import IterableDataset, get_worker_info


class CairnStream(IterableDataset):
    def __init__(self, repo, at=None, batch_size=256, seed=0, columns=(), where=None, cairn="cairn", extra=()):
        self.repo, self.at, self.batch_size, self.seed = repo, at, batch_size, seed
        self.columns, self.where, self.cairn, self.extra = list(columns), where, cairn, list(extra)
        self.epoch = 0

    def set_epoch(self, epoch):
        self.epoch = epoch

    def shard(self):
        """This worker's part: DDP rank and DataLoader worker composed into one --shard i/n."""
        rank, world = (dist.get_rank(), dist.get_world_size()) if dist.is_available() and dist.is_initialized() else (0, 1)
        info = get_worker_info()
        worker, workers = (info.id, info.num_workers) if info else (0, 1)
        return rank * workers + worker + 1, world * workers

    def command(self):
        i, n = self.shard()
        command = [self.cairn, "-C", self.repo, "stream", "--batch-size", str(self.batch_size), "--shuffle",
                   "--seed", str(self.seed), "--epoch", str(self.epoch), "--shard", f"{i}/{n}"] + self.extra
        if self.at:
            command += ["--at", self.at]
        if self.columns:
            command += ["--columns", ",".join(self.columns)]
        if self.where:
            command += ["--where", self.where]
        return command

    def __iter__(self):
        process = subprocess.Popen(self.command(), stdout=subprocess.PIPE)
        try:
            with pa.ipc.open_stream(process.stdout) as reader:
                for batch in reader:
                    yield collate(batch, self.columns)
        finally:
            process.stdout.close()  # cairn ends quietly when the pipe closes
            process.wait()


class PaddedBuffers:
    """The memory of padded batches, reused once the training loop has let go of a batch. A fresh array
    per batch (4 MB of ids at 256 cells × 2048 tokens) is memory the kernel must fault in and zero every
    time, which cost more than the copy into it: about a sixth of a two-core epoch's CPU. An array is
    handed out again only when nothing but the pool refers to it (every tensor or view made from it holds
    a reference), so a batch the loop keeps is never overwritten."""

    def __init__(self, keep=4):
        self._arrays = []  # (flat array, its reference count when only the pool holds it)
        self._keep = keep
        self._lock = threading.Lock()

    def _references(self, i):
        """References to array i. Counted the same way, with the same names bound, when the pool takes an
        array in (the count then is the idle one) and when it looks for a free one."""
        return sys.getrefcount(self._arrays[i][0])

    def take(self, rows, width, dtype):
        """An uninitialized rows × width array of dtype."""
        size = rows * width
        with self._lock:
            for i, (array, idle) in enumerate(self._arrays):
                if array.dtype != dtype or self._references(i) != idle:
                    continue
                if array.size >= size:
                    return array[:size].reshape(rows, width)
                del self._arrays[i]  # free but too small: make room for a bigger one
                break
            array = np.empty(size, dtype)
            if len(self._arrays) < self._keep:
                self._arrays.append((array, None))
                idle = self._references(-1)
                self._arrays[-1] = (array, idle)
            return array.reshape(rows, width)


_buffers = PaddedBuffers()


def padded(column, dtype):
    """A list column as a (cells × longest) tensor, zero-padded, and the lengths: each cell's values copied
    into its row by one NumPy slice assignment (half the cost of a tensor per cell and pad_sequence), into
    memory the pool reuses."""
    offsets = column.offsets.to_numpy()
    lengths = np.diff(offsets)
    values = column.values.to_numpy()  # the offsets index into the whole child array, sliced or not
    out = _buffers.take(len(lengths), int(lengths.max(initial=0)), np.float32 if dtype == torch.float32 else np.int64)
    bounds = offsets.tolist()
    for row, cells in enumerate(out):
        start, end = bounds[row], bounds[row + 1]
        cells[:end - start] = values[start:end]
        cells[end - start:] = 0
    return torch.from_numpy(out), torch.from_numpy(lengths)


def collate(batch, columns):
    genes, lengths = padded(batch.column("genes"), torch.int64)
    values, _ = padded(batch.column("values"), torch.float32)
    out = {"cell_id": torch.tensor(batch.column("cell_id").to_numpy()), "genes": genes, "values": values, "lengths": lengths}
    for name in columns:
        out[name] = batch.column(name).to_pylist()
    return out
