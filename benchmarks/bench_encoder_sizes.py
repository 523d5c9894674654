"""What one encoder pass per paragraph costs, by encoder size, against the spaCy parse.

The brief's budget for neural detectors is one shared encoder pass per paragraph inside a
whole analysis of at most 2x the spaCy parse. This times, in one run and on the same ~700-word
articles: spaCy's parse (the floor), the shipped stance encoder (MiniLM-L6, int8 ONNX), and
BERT-shaped encoders of smaller sizes with random weights (speed does not depend on the
weights), exported and int8-quantised the same way. One ONNX thread, batches of paragraphs.

Needs the train-neural extras (torch, transformers, onnx) to build the smaller encoders:

    .venv/bin/python benchmarks/bench_encoder_sizes.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training" / "stance"))

SIZES = ((4, 384), (2, 384), (4, 256), (2, 256), (2, 128))  # (layers, hidden)
MAX_LEN = 256


def articles() -> list[str]:
    from bench import articles as stance_articles  # training/stance/bench.py

    return list(stance_articles())


def paragraph_batches(texts: list[str], tokenizer: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per article: ids and mask of its paragraphs, padded to the longest (<= MAX_LEN)."""
    out = []
    for text in texts:
        paragraphs = [p for p in text.split("\n") if p.strip()]
        encoded = [tokenizer.encode(p, MAX_LEN).ids for p in paragraphs]
        width = max(len(e) for e in encoded)
        ids = np.zeros((len(encoded), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encoded):
            ids[row, : len(e)] = e
            mask[row, : len(e)] = 1
        out.append((ids, mask))
    return out


def session(path: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def export_random(layers: int, hidden: int, folder: Path) -> Path:
    """A randomly initialised BERT encoder of this shape, as int8 ONNX."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=30522,
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=max(2, hidden // 64),
        intermediate_size=4 * hidden,
        max_position_embeddings=512,
    )
    torch.manual_seed(0)
    bert = BertModel(config).eval()

    class States(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask)
            return out.last_hidden_state

    fp32 = folder / f"bert-{layers}x{hidden}.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        States().eval(),
        (ids, torch.ones_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["last_hidden_state"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "last_hidden_state": {0: "batch", 1: "seq"},
        },
        opset_version=17,
        dynamo=False,
    )
    int8 = folder / f"bert-{layers}x{hidden}-int8.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    return int8


def time_encoder(sess: Any, batches: list[tuple[np.ndarray, np.ndarray]], runs: int) -> float:
    """Median seconds per article of one pass over all its paragraphs."""
    per_run = []
    for _ in range(runs):
        started = time.perf_counter()
        for ids, mask in batches:
            sess.run(None, {"input_ids": ids, "attention_mask": mask})
        per_run.append((time.perf_counter() - started) / len(batches))
    return statistics.median(per_run)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from unspin.detectors.stance.predict import stance_model_dir
    from unspin.encoder.tokenize import SpanTokenizer
    from unspin.nlp.load import load_spacy

    texts = articles()
    nlp = load_spacy()
    list(nlp.pipe(texts))  # warm-up
    parse = []
    for _ in range(args.runs):
        started = time.perf_counter()
        list(nlp.pipe(texts))
        parse.append((time.perf_counter() - started) / len(texts))
    parse_s = statistics.median(parse)

    folder = stance_model_dir()
    tokenizer = SpanTokenizer.from_file(folder / "tokenizer.json")
    batches = paragraph_batches(texts, tokenizer)
    tokens = statistics.mean(int(mask.sum()) for _, mask in batches)
    results: dict[str, Any] = {
        "articles": len(texts),
        "mean_tokens_per_article": round(tokens),
        "spacy_parse_ms": round(parse_s * 1000, 1),
        "encoders": {},
    }
    shipped = session(folder / "encoder.onnx")
    time_encoder(shipped, batches[:1], 1)
    seconds = time_encoder(shipped, batches, args.runs)
    results["encoders"]["6x384 MiniLM-L6 (shipped stance encoder)"] = {
        "ms_per_article": round(seconds * 1000, 1),
        "ratio_to_parse": round(seconds / parse_s, 2),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for layers, hidden in SIZES:
            sess = session(export_random(layers, hidden, Path(tmp)))
            time_encoder(sess, batches[:1], 1)
            seconds = time_encoder(sess, batches, args.runs)
            results["encoders"][f"{layers}x{hidden} (random weights)"] = {
                "ms_per_article": round(seconds * 1000, 1),
                "ratio_to_parse": round(seconds / parse_s, 2),
            }
            print(json.dumps({f"{layers}x{hidden}": results["encoders"]}), file=sys.stderr)
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
