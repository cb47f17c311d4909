/**
 * The magics layer: {@code %train}, {@code %lrfind}, {@code %compare} and {@code %doctor} as a JJava
 * {@link org.dflib.jjava.jupyter.Extension} ({@link trainbook.magic.TrainbookMagics}, registered in
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension}).
 *
 * <p>Flow of a magic: JJava's argument list → {@link trainbook.magic.args.Tokenizer} → typed parsing against the one
 * key table {@link trainbook.magic.args.Keys} ({@link trainbook.magic.args.ArgParser},
 * {@link trainbook.magic.args.CompareParser}) → notebook variables resolved and type-checked
 * ({@link trainbook.magic.VariableBinder}) → the engine's Java API → outputs built by the render layer, shown and
 * updated in place through a {@link trainbook.magic.MagicContext} → the result bound to a notebook variable.
 * User errors are {@link trainbook.magic.args.ArgException}s: one line, quoting the token, listing what is valid.
 *
 * <p>Depends on engine, doctor and render; nothing below depends on it. The kernel only installs it.
 */
package trainbook.magic;
