/**
 * The reference HTTP/SSE server and the {@code slides} command line: {@link
 * dev.slides.server.SlidesServer} runs the server from {@link dev.slides.server.ServerSettings};
 * {@link dev.slides.server.SlidesCommand} is the entry point of {@code slides extract},
 * {@code slides export} and {@code slides serve}. The other classes here are package-private
 * and not API.
 */
package dev.slides.server;
