/**
 * The infrahub-sync compatible configuration model ({@code config.yml}), its builders and its loader.
 */
@NullMarked
package io.infrasync.config;

import org.jspecify.annotations.NullMarked;
