/** JMH benchmarks for core parsing, analysis and decoding; results are recorded in docs/benchmarks.md. */
package io.mmlens.benchmarks;
