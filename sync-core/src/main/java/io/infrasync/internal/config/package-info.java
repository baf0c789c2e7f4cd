/**
 * Implementation of the {@code config.yml} loader: a YAML tree with source locations, the reader that
 * turns it into the {@link io.infrasync.config} records, {@code ${VAR}} expansion, and the semantic
 * validation shared by the loader and the builders. Not exported.
 */
@NullMarked
package io.infrasync.internal.config;

import org.jspecify.annotations.NullMarked;
