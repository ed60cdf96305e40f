/**
 * ONNX export: {@link io.github.alexnetdjl.onnx.OnnxExport} writes a network, any of the three variants,
 * folded or not, as an ONNX file (opset 13, dynamic batch) that ONNX Runtime runs with the same outputs.
 */
package io.github.alexnetdjl.onnx;
