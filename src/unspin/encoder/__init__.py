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
* ``segment_states`` runs one pass per paragraph (in windows of ``max_len`` pieces, with each
  piece's character offsets) and caches it per article, so persuasion's paragraph head
  (``MultiLabelHead`` over the mean state) and stance's target head (``PairHead`` over the
  sentence's and the mention's mean states) read the same pass. A head may add private top
  layers (``TopLayers``, named in ``model.json`` under ``tops``) that it alone runs over the
  shared states (``with_top``): the trunk is paid once, the extra layers by that head only.
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

from unspin.encoder.heads import AnchorHead, MultiLabelHead, PairHead, sigmoid, softmax
from unspin.encoder.passes import (
    SegmentStates,
    paragraph_passes,
    paragraph_segments,
    segment_states,
    text_states,
    with_top,
)
from unspin.encoder.runtime import Encoder, EncoderConfig, FloatArray, TopLayers, load_encoder
from unspin.encoder.tokenize import (
    MARK_CLOSE_ID,
    MARK_OPEN_ID,
    Encoded,
    SpanTokenizer,
    Window,
    windows,
)

__all__ = [
    "MARK_CLOSE_ID",
    "MARK_OPEN_ID",
    "AnchorHead",
    "Encoded",
    "Encoder",
    "EncoderConfig",
    "FloatArray",
    "MultiLabelHead",
    "PairHead",
    "SegmentStates",
    "SpanTokenizer",
    "TopLayers",
    "Window",
    "load_encoder",
    "paragraph_passes",
    "paragraph_segments",
    "segment_states",
    "sigmoid",
    "softmax",
    "text_states",
    "windows",
    "with_top",
]
