/** The Infrahub adapter's provider ({@code adapter: infrahub}). */
@NullMarked
package io.infrasync.adapters.infrahub;

import org.jspecify.annotations.NullMarked;
