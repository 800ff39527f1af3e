/**
 * The configuration sections of detection and of the watermark checks, as the YAML binds them
 * ({@code detection}, {@code topics}, {@code watermark}), and the constraints that check them.
 *
 * <p>Every section follows one shape, so that each setting has one place:
 * <ul>
 *   <li>its default is a named constant, {@code DEFAULT_WATCH_TASKS}, which the javadoc of the
 *       detectors and the docs quote with {@code {@value}};</li>
 *   <li>its key is a private field annotated {@code @JsonProperty}, initialised to that constant
 *       and carrying its Bean Validation constraints (a nested section or list of entries is
 *       {@code @Valid}); the field's javadoc says what the key means. Jackson binds the YAML to the
 *       annotated fields alone, so the YAML keys are the field names (or the annotation's name), and
 *       a key no field has fails loading;</li>
 *   <li>code reads it through the accessor of the key's name, {@code watchTasks()}, and tests and
 *       programmatic callers set it through the fluent setter of the same name,
 *       {@code watchTasks(10)}, which returns the section. Neither is a bean getter or setter, so
 *       Jackson and the validator see the fields only;</li>
 *   <li>rules between keys are class-level constraints that name the keys as the YAML spells them
 *       ({@link dev.quarry.detectors.config.KeyOrder}, {@link dev.quarry.detectors.config.ExactlyOneOf})
 *       and read them through their accessors; rules across sections sit on
 *       {@link dev.quarry.detectors.config.DetectionConfig}.</li>
 * </ul>
 *
 * <p>The sections are mutable while they are bound and validated, and are treated as read-only once
 * the topology is built from them; they are not thread-safe.
 */
package dev.quarry.detectors.config;
