/**
 * JMH benchmarks (the {@code jmh} Maven profile): inference and a training step of the seed network, and the
 * matrix multiply that is the machine's ceiling. Run with {@code ./mvnw -Pjmh -pl alexnet-djl-cli -am test-compile
 * exec:exec}; see docs/benchmarks.md.
 */
package io.github.alexnetdjl.jmh;
