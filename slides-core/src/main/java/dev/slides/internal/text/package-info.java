/** Internal: not API, changes without notice. */
package dev.slides.internal.text;
