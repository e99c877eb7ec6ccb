/** Multicast diagnostics: ssmping family, omping and the doctor. */
package io.jcast.diag;
