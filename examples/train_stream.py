"""A training loop over `cairn stream` (examples/stream_dataset.py): a bag-of-genes linear model predicting
a cell label, two epochs, two DataLoader workers. Run after `make demo` (or on any atlas):

    python examples/train_stream.py examples/demo.cairn cell_type
"""
import sys

import torch
from torch.utils.data import DataLoader

from stream_dataset import CairnStream

repo, label = sys.argv[1], sys.argv[2]
cairn = sys.argv[3] if len(sys.argv) > 3 else "cairn"
dataset = CairnStream(repo, batch_size=64, seed=7, columns=[label], cairn=cairn)
classes, model, optimizer = {}, None, None
for epoch in range(2):
    dataset.set_epoch(epoch)
    seen = 0
    for batch in DataLoader(dataset, batch_size=None, num_workers=2):
        genes, values = batch["genes"], batch["values"]
        if model is None:
            model = torch.nn.EmbeddingBag(65536, 16, mode="sum")
            head = torch.nn.Linear(16, 32)
            optimizer = torch.optim.Adam(list(model.parameters()) + list(head.parameters()), lr=0.01)
        targets = torch.tensor([classes.setdefault(name, len(classes)) for name in batch[label]])
        features = model(genes, per_sample_weights=torch.log1p(values))
        loss = torch.nn.functional.cross_entropy(head(features), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        seen += len(targets)
    print(f"epoch {epoch}: {seen} cells, last loss {loss.item():.3f}")
