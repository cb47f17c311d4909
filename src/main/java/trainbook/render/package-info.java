/**
 * The render layer: turns run records ({@code trainbook.engine.run}), range-test results and specs into notebook
 * outputs — bytes and strings only, no Jupyter and no DJL (guarded by {@code RenderArchitectureTest}).
 *
 * <ul>
 *   <li>{@link trainbook.render.Rich}: one output as an ordered MIME map (text/plain always; text/html,
 *       image/png, image/svg+xml), mapped 1:1 onto a Jupyter {@code display_data}; {@code combine}/{@code row}
 *       join parts into one HTML block with images as {@code data:} URIs (no JavaScript, no CDN, inline styles
 *       only, well-formed XML, non-ASCII as numeric references).</li>
 *   <li>{@link trainbook.render.Views}: the complete output of each magic ({@code train}, {@code run},
 *       {@code live}, {@code dry}, {@code lrfind}, {@code compare}, {@code leaderboard}).</li>
 *   <li>{@link trainbook.render.chart}: XChart charts at fixed sizes — loss 720×400, LR schedule and gradient
 *       norm 720×260, live 560×260, %lrfind 720×400, %compare overlay and parallel coordinates 720×400 — encoded
 *       by {@link trainbook.render.ChartEncoder} as PNG or SVG ({@link trainbook.render.ChartFormat}).</li>
 *   <li>{@link trainbook.render.table}: Tablesaw tables rendered to HTML and text with a row cap
 *       ({@link trainbook.render.table.TableView}), the doctor's findings list, the health label.</li>
 *   <li>{@link trainbook.render.compare}: the monitored metric, differing hyperparameters, importance (η²).</li>
 *   <li>{@link trainbook.render.Progress}: the one-line live progress bar (text and HTML).</li>
 * </ul>
 *
 * <p>Every string that comes from a record goes through {@link trainbook.render.Html#escape}. Functions that draw
 * a run in progress copy its lists first ({@code ChartKit.snapshot}), so the live display may draw while the
 * training thread appends.
 */
package trainbook.render;
