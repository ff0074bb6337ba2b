/**
 * Jobs on Redis, for several nodes sharing the work: {@link dev.slides.redis.RedisJobs} connects
 * from a URL and hands out a shared {@link dev.slides.JobTracker} and
 * {@link dev.slides.service.JobQueue} for {@link dev.slides.service.SlideService}. Everything
 * else is in {@code dev.slides.redis.internal} and is not API.
 */
package dev.slides.redis;
