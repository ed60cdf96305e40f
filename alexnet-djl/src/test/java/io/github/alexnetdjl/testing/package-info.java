/** Test support shared by several packages' tests: child JVMs for crash and kill tests. */
package io.github.alexnetdjl.testing;
