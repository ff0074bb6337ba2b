/** Internal: not API, changes without notice. */
package dev.slides.redis.internal;
