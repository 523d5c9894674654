"""ONNX post-processing shared by the encoder exports: fusion and dynamic int8 quantisation."""

from __future__ import annotations

from pathlib import Path


def fuse(path: Path, hidden: int, heads: int) -> None:
    """Fuse attention, LayerNorm and GELU (onnxruntime's BERT optimizer) in place."""
    from onnxruntime.transformers.optimizer import optimize_model

    fused = optimize_model(str(path), model_type="bert", num_heads=heads, hidden_size=hidden)
    fused.save_model_to_file(str(path))


def quantize_int8(src: Path, dst: Path) -> None:
    """Dynamic int8 quantisation with per-channel weights (activations scaled per batch)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(src),
        str(dst),
        weight_type=QuantType.QInt8,
        per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
