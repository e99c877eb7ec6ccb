/** The diagnostics subcommands: ssmping, asmping, ssmpingd and mcfirst (Debian ssmping 0.9.1 compatible). */
package io.jcast.cli.diag;
