/** How the exports are made; not API, may change in any release. */
package dev.slides.export.internal;
