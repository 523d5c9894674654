"""A shared transformer encoder runtime: ONNX Runtime + ``tokenizers``, no torch.

Design: detectors that need a neural encoder share one encoder pass, not one model each.

* An encoder folder (``unspin/data/models/<name>/``) holds ``encoder.onnx`` (input_ids,
  attention_mask -> last_hidden_state), ``tokenizer.json``, ``model.json`` (name, version,
  max_len, hidden size, the heads trained on it) and one ``<head>.npz`` per task.
* ``load_encoder(folder)`` is cached: every detector that names the same folder gets the same
  ONNX session, loaded once per process (per Dask worker).
* ``Encoder.run(inputs)`` encodes a whole article's segments in as few ONNX calls as possible
  (sorted by length, padded per batch) and returns each segment's last-layer states.
* Heads (``AnchorHead``) are numpy: pooled states -> softmax. Several heads read the same
  states, so a second task on the same segments costs a matrix product, not another pass.
  A task is added as a new head trained on the same encoder (multi-task fine-tuning), never as
  a second copy of the encoder.
* Segments are sentences or paragraphs (``SpanTokenizer.encode``). Target-dependent tasks
  (stance) mark the target with BERT's ``[unused0]``/``[unused1]`` ids
  (``SpanTokenizer.encode_marked``); a marked segment is a different input, so its pass is
  shared by the heads that read marked targets, and plain segments by the sentence heads.

Offsets: a wordpiece belongs to a target when it overlaps the character span (``expand``).

Example:
    >>> from unspin.encoder import load_encoder
    >>> enc = load_encoder(folder)  # doctest: +SKIP
    >>> states = enc.run([enc.tokenizer.encode("Xi met Putin.", enc.config.max_len)])
"""

from unspin.encoder.heads import AnchorHead, softmax
from unspin.encoder.runtime import Encoder, EncoderConfig, FloatArray, load_encoder
from unspin.encoder.tokenize import MARK_CLOSE_ID, MARK_OPEN_ID, Encoded, SpanTokenizer

__all__ = [
    "MARK_CLOSE_ID",
    "MARK_OPEN_ID",
    "AnchorHead",
    "Encoded",
    "Encoder",
    "EncoderConfig",
    "FloatArray",
    "SpanTokenizer",
    "load_encoder",
    "softmax",
]
