"""Writes the reference summaries next to this file with Keras's own print_summary functions.

The functions are read (with ast, at run time) from Keras's sources, which this project does not ship:
  tf_keras/utils/layer_utils.py of keras-team/tf-keras at tag v2.15.0 (tf.keras 2.13 to 2.15 print alike)
  keras/src/utils/summary_utils.py of keras-team/keras at tag v3.15.1 (needs the Python package rich)
and are driven by a stub model that describes the notebook's AlexNet in NCHW. Shapes and parameter counts
are computed here from the architecture, independently of the Java code.

    python3 generate_keras_references.py LAYER_UTILS_PY SUMMARY_UTILS_PY OUT_DIR

alexnet-summary.txt is keras2-default.txt with thousands separators in the three totals, as the project's
issue asks (tf.keras 2.13+ itself prints them without separators)."""
import ast, sys, types, math, io, os, re, json
import numpy as np

def extract(path, names):
    src = open(path).read()
    tree = ast.parse(src)
    nodes = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in names]
    mod = ast.Module(body=nodes, type_ignores=[])
    return compile(mod, path, "exec")

# ---- the architecture (NCHW), computed independently ----
def same(n, s): return -(-n // s)
def valid(n, k, s): return (n - k) // s + 1

class W:  # a weight
    def __init__(self, shape, trainable=True):
        self._shape = tuple(shape); self.trainable = trainable
    # keras 2 interface
    @property
    def shape(self): return Shape2(self._shape)
    dtype = types.SimpleNamespace(size=4)

class Shape2(tuple):
    def as_list(self): return list(self)

def alexnet(stages=False, frozen=()):
    layers = []  # (name, cls, shape, weights)
    counters = {}
    def auto(base):
        c = counters.get(base, 0); counters[base] = c + 1
        return base if c == 0 else f"{base}_{c}"
    c, h, w = 3, 224, 224
    layers.append(("alexnet_input", "InputLayer", [(None, c, h, w)], []))
    convs = [(96, 11, 4, True, True), (256, 5, 1, True, True), (384, 3, 1, False, False),
             (384, 3, 1, False, False), (256, 3, 1, False, True)]
    stage_rows = []
    for i, (f, k, s, bn, pool) in enumerate(convs):
        stage = []
        wts = [W((f, c, k, k)), W((f,))]
        h, w = same(h, s), same(w, s); c = f
        stage.append((auto("conv2d"), "Conv2D", (None, c, h, w), wts))
        if bn:
            stage.append((auto("batch_normalization"), "BatchNormalization", (None, c, h, w),
                          [W((c,)), W((c,)), W((c,), False), W((c,), False)]))
        stage.append((auto("re_lu"), "ReLU", (None, c, h, w), []))
        if pool:
            h, w = valid(h, 3, 2), valid(w, 3, 2)
            stage.append((auto("max_pooling2d"), "MaxPooling2D", (None, c, h, w), []))
        stage_rows.append((f"conv{i+1}", stage))
    n = c * h * w
    for j, units in enumerate([4096, 4096]):
        stage = []
        if j == 0:
            stage.append((auto("flatten"), "Flatten", (None, n), []))
        stage.append((auto("dense"), "Dense", (None, units), [W((units, n)), W((units,))]))
        stage.append((auto("re_lu"), "ReLU", (None, units), []))
        stage.append((auto("dropout"), "Dropout", (None, units), []))
        n = units
        stage_rows.append((f"fc{6+j}", stage))
    stage_rows.append(("fc8", [(auto("dense"), "Dense", (None, 1000), [W((1000, n)), W((1000,))])]))
    for name, stage in stage_rows:
        if stages:
            wts = [x for row in stage for x in row[3]]
            layers.append((name, "Sequential", stage[-1][2], wts))
        else:
            layers.extend(stage)
    layers.append(("alexnet_output", "Softmax", (None, 1000), []))
    return layers

# ---- keras 2 ----
def keras2(layers, **kw):
    ns = {"np": np, "tf": None, "re": re, "io_utils": None}
    exec(extract(LAYER_UTILS,
                 {"count_params", "weight_memory_size", "readable_memory_size",
                  "get_layer_index_bound_by_layer_name", "print_summary", "print_dtensor_variable_summary"}), ns)
    objs = []
    for name, cls, shape, wts in layers:
        L = type(cls, (), {})()
        L.name = name; L.output_shape = shape; L.built = True
        L.count_params = (lambda wts=wts: int(sum(np.prod(x._shape) for x in wts)))
        L.trainable = True
        objs.append(L)
    allw = [x for l in layers for x in l[3]]
    model = types.SimpleNamespace(name="alexnet", layers=objs, _is_graph_network=False,
        trainable_weights=[x for x in allw if x.trainable],
        non_trainable_weights=[x for x in allw if not x.trainable])
    out = []
    ns["print_summary"](model, print_fn=out.append, **kw)
    return "".join(line + "\n" for line in out)

# ---- keras 3 ----
def keras3(layers, **kw):
    import rich, rich.table, rich.console, rich.markup, shutil, functools
    kmod = types.ModuleType("keras.src.models")
    class Functional: pass
    class Sequential: pass
    kmod.Functional = Functional; kmod.Sequential = Sequential
    for m in ["keras", "keras.src"]:
        sys.modules.setdefault(m, types.ModuleType(m))
    sys.modules["keras.src.models"] = kmod
    tree = types.SimpleNamespace(
        map_structure=lambda f, x: [f(y) for y in x] if isinstance(x, list) else f(x),
        flatten=lambda x: x if isinstance(x, list) else [x])
    backend = types.SimpleNamespace(standardize_dtype=lambda d: d)
    dtype_utils = types.SimpleNamespace(dtype_size=lambda d: {"float32": 32}[d])
    ns = {"rich": rich, "shutil": shutil, "functools": functools, "math": math, "re": re,
          "tree": tree, "backend": backend, "dtype_utils": dtype_utils,
          "io_utils": types.SimpleNamespace(is_interactive_logging_enabled=lambda: False, print_msg=print)}
    exec(extract(SUMMARY_UTILS,
                 {"count_params", "_compute_memory_size", "weight_memory_size", "readable_memory_size",
                  "highlight_number", "highlight_symbol", "bold_text", "format_layer_shape",
                  "print_summary", "get_layer_index_bound_by_layer_name"}), ns)
    objs = []
    for name, cls, shape, wts in layers:
        L = type(cls, (), {})()
        L.name = name; L.built = True; L.trainable = True
        sh = shape[0] if isinstance(shape, list) else shape
        L._inbound_nodes = [types.SimpleNamespace(output_tensors=types.SimpleNamespace(shape=sh))]
        L._build_shapes_dict = {}
        L.weights = [types.SimpleNamespace(shape=x._shape, dtype="float32") for x in wts]
        L.count_params = (lambda wts=wts: int(sum(math.prod(x._shape) for x in wts)))
        objs.append(L)
    allw = [x for l in layers for x in l[3]]
    conv = lambda ws: [types.SimpleNamespace(shape=x._shape, dtype="float32") for x in ws]
    model = types.SimpleNamespace(name="alexnet", layers=objs, compiled=False, optimizer=None,
        trainable_weights=conv([x for x in allw if x.trainable]),
        non_trainable_weights=conv([x for x in allw if not x.trainable]))
    out = []
    ns["print_summary"](model, print_fn=out.append, **kw)
    return "".join(out)

if __name__ == "__main__":
    os.environ["COLUMNS"] = "300"  # a wide terminal: Keras 3 keeps its default width of 88
    LAYER_UTILS, SUMMARY_UTILS, d = sys.argv[1:4]
    cases = {
        "keras2-default.txt": lambda: keras2(alexnet()),
        "keras2-stages-trainable.txt": lambda: keras2(alexnet(True), show_trainable=True),
        "keras2-line100.txt": lambda: keras2(alexnet(), line_length=100),
        "keras2-line40.txt": lambda: keras2(alexnet(), line_length=40),
        "keras2-range.txt": lambda: keras2(alexnet(), layer_range=["conv2d_1", "max_pooling2d_1"]),
        "keras3-default.txt": lambda: keras3(alexnet()),
        "keras3-line76.txt": lambda: keras3(alexnet(), line_length=76),
        "keras3-trainable-60.txt": lambda: keras3(alexnet(), show_trainable=True, line_length=60),
        "keras3-stages-trainable.txt": lambda: keras3(alexnet(True), show_trainable=True),
    }
    for f, fn in cases.items():
        open(os.path.join(d, f), "w").write(fn())
    totals = re.compile(r"^((?:Total|Trainable|Non-trainable) params: )(\d+)", re.M)
    text = open(os.path.join(d, "keras2-default.txt")).read()
    text = totals.sub(lambda m: m.group(1) + format(int(m.group(2)), ","), text)
    open(os.path.join(d, "alexnet-summary.txt"), "w").write(text)
