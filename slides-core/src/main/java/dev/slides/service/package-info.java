/**
 * The job service behind the reference server: {@link dev.slides.service.SlideService} queues
 * jobs by video id, resolves and downloads their videos, and runs the extraction, behind two
 * ports with in-memory defaults ({@link dev.slides.service.JobQueue}, and the
 * {@link dev.slides.JobTracker} for job states) so that several nodes can share the work, and a
 * {@link dev.slides.service.VideoSource} that resolves YouTube ids.
 */
package dev.slides.service;
