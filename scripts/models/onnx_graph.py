"""Small ONNX graph builder with the transformer building blocks shared by the architectures.

The ops and their order follow what the PyTorch TorchScript exporter emits for the Hugging Face
modules (decomposed LayerNorm, erf GELU, MatMul + Add linears, eager attention with an additive
mask), so onnxruntime applies the same fusions as it does to the published Xenova exports.
"""
from __future__ import annotations

import math

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 14
FLOAT_MIN = float(np.finfo(np.float32).min)


class GraphBuilder:
    def __init__(self, weights: dict[str, np.ndarray]):
        self.weights = weights
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: dict[str, onnx.TensorProto] = {}
        self.inputs: list[onnx.ValueInfoProto] = []
        self.outputs: list[onnx.ValueInfoProto] = []
        self._counter = 0

    # ---- plumbing -------------------------------------------------------------------------
    def fresh(self, hint: str) -> str:
        self._counter += 1
        return f"/{hint}_{self._counter}"

    def op(self, op_type: str, inputs: list[str], hint: str | None = None, **attrs) -> str:
        out = self.fresh(hint or op_type)
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out + "_node", **attrs))
        return out

    def const(self, value, dtype=np.float32, name: str | None = None) -> str:
        arr = np.asarray(value, dtype=dtype)
        name = name or self.fresh("const")
        self.initializers[name] = numpy_helper.from_array(arr, name)
        return name

    def param(self, key: str, transpose: bool = False) -> str:
        """Register a named weight (HF state-dict key) as an initializer, once."""
        name = key + (".T" if transpose else "")
        if name not in self.initializers:
            arr = np.asarray(self.weights[key], dtype=np.float32)
            if transpose:
                arr = np.ascontiguousarray(arr.T)
            self.initializers[name] = numpy_helper.from_array(arr, name)
        return name

    def add_input(self, name: str, elem_type=TensorProto.INT64) -> str:
        self.inputs.append(helper.make_tensor_value_info(name, elem_type, ["batch_size", "sequence_length"]))
        return name

    def add_output(self, source: str, name: str, shape: list) -> None:
        self.nodes.append(helper.make_node("Identity", [source], [name], name=name + "_identity"))
        self.outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))

    def model(self, graph_name: str, metadata: dict[str, str]) -> onnx.ModelProto:
        graph = helper.make_graph(
            self.nodes, graph_name, self.inputs, self.outputs, list(self.initializers.values())
        )
        model = helper.make_model(
            graph,
            opset_imports=[helper.make_opsetid("", OPSET)],
            producer_name="reviewlens-scripts-models",
            producer_version="1",
        )
        model.ir_version = 8
        for key, value in metadata.items():
            entry = model.metadata_props.add()
            entry.key, entry.value = key, value
        return model

    # ---- layers ---------------------------------------------------------------------------
    def linear(self, x: str, prefix: str) -> str:
        y = self.op("MatMul", [x, self.param(prefix + ".weight", transpose=True)], prefix + "/MatMul")
        return self.op("Add", [y, self.param(prefix + ".bias")], prefix + "/Add")

    def layer_norm(self, x: str, prefix: str, eps: float) -> str:
        mean = self.op("ReduceMean", [x], prefix + "/ReduceMean", axes=[-1], keepdims=1)
        centered = self.op("Sub", [x, mean], prefix + "/Sub")
        squared = self.op("Pow", [centered, self.const(2.0)], prefix + "/Pow")
        var = self.op("ReduceMean", [squared], prefix + "/ReduceMean_1", axes=[-1], keepdims=1)
        std = self.op("Sqrt", [self.op("Add", [var, self.const(eps)], prefix + "/AddEps")], prefix + "/Sqrt")
        normed = self.op("Div", [centered, std], prefix + "/Div")
        scaled = self.op("Mul", [normed, self.param(prefix + ".weight")], prefix + "/Mul")
        return self.op("Add", [scaled, self.param(prefix + ".bias")], prefix + "/Add")

    def no_norm(self, x: str, prefix: str) -> str:
        """MobileBERT NoNorm: x * weight + bias."""
        scaled = self.op("Mul", [x, self.param(prefix + ".weight")], prefix + "/Mul")
        return self.op("Add", [scaled, self.param(prefix + ".bias")], prefix + "/Add")

    def gelu(self, x: str, prefix: str) -> str:
        """Exact GELU as exported by torch: x * 0.5 * (1 + erf(x / sqrt(2)))."""
        div = self.op("Div", [x, self.const(math.sqrt(2.0))], prefix + "/Div")
        erf = self.op("Erf", [div], prefix + "/Erf")
        plus = self.op("Add", [erf, self.const(1.0)], prefix + "/Add")
        mul = self.op("Mul", [x, plus], prefix + "/Mul")
        return self.op("Mul", [mul, self.const(0.5)], prefix + "/Mul_1")

    def activation(self, x: str, name: str, prefix: str) -> str:
        if name == "gelu":
            return self.gelu(x, prefix)
        if name == "relu":
            return self.op("Relu", [x], prefix + "/Relu")
        raise ValueError(f"unsupported activation {name!r}")

    def additive_mask(self, attention_mask: str) -> str:
        """[B,S] int mask -> [B,1,1,S] float: 0 where attended, float32 min where padded."""
        mask = self.op("Cast", [attention_mask], "mask/Cast", to=TensorProto.FLOAT)
        inverted = self.op("Sub", [self.const(1.0), mask], "mask/Sub")
        scaled = self.op("Mul", [inverted, self.const(FLOAT_MIN)], "mask/Mul")
        return self.op("Unsqueeze", [scaled, self.const([1, 2], np.int64)], "mask/Unsqueeze")

    def split_heads(self, x: str, heads: int, head_dim: int, prefix: str, perm: list[int]) -> str:
        shaped = self.op("Reshape", [x, self.const([0, 0, heads, head_dim], np.int64)], prefix + "/Reshape")
        return self.op("Transpose", [shaped], prefix + "/Transpose", perm=perm)

    def attention_core(
        self, q: str, k: str, v: str, mask: str, heads: int, head_dim: int, prefix: str, scale_query: bool
    ) -> str:
        """q, k, v: [B,S,H*D] projections. Returns the merged context [B,S,H*D]."""
        qh = self.split_heads(q, heads, head_dim, prefix + "/q", [0, 2, 1, 3])
        kt = self.split_heads(k, heads, head_dim, prefix + "/k", [0, 2, 3, 1])
        vh = self.split_heads(v, heads, head_dim, prefix + "/v", [0, 2, 1, 3])
        scale = self.const(math.sqrt(head_dim))
        if scale_query:  # DistilBERT scales q before the product
            qh = self.op("Div", [qh, scale], prefix + "/DivQ")
            scores = self.op("MatMul", [qh, kt], prefix + "/MatMul")
        else:  # BERT / MobileBERT scale the scores
            scores = self.op("Div", [self.op("MatMul", [qh, kt], prefix + "/MatMul"), scale], prefix + "/Div")
        scores = self.op("Add", [scores, mask], prefix + "/AddMask")
        probs = self.op("Softmax", [scores], prefix + "/Softmax", axis=-1)
        context = self.op("MatMul", [probs, vh], prefix + "/MatMul_1")
        merged = self.op("Transpose", [context], prefix + "/TransposeOut", perm=[0, 2, 1, 3])
        return self.op("Reshape", [merged, self.const([0, 0, heads * head_dim], np.int64)], prefix + "/ReshapeOut")

    def positions(self, input_ids: str, table_key: str) -> str:
        """Rows 0..S-1 of a learned position table: [S, hidden] (broadcasts over the batch)."""
        seq = self.op("Gather", [self.op("Shape", [input_ids], "pos/Shape"), self.const(1, np.int64)], "pos/Gather", axis=0)
        seq1 = self.op("Unsqueeze", [seq, self.const([0], np.int64)], "pos/Unsqueeze")
        return self.op(
            "Slice",
            [self.param(table_key), self.const([0], np.int64), seq1, self.const([0], np.int64)],
            "pos/Slice",
        )

    def first_token(self, x: str, prefix: str) -> str:
        """x[:, 0] -> [B, hidden]."""
        return self.op("Gather", [x, self.const(0, np.int64)], prefix + "/GatherCLS", axis=1)
