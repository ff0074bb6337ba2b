package dev.slides.redis.internal;

/**
 * The names of everything this module keeps in Redis, all under one prefix (default
 * {@code slides:}) so that several deployments can share a server.
 *
 * <ul>
 *   <li>{@code job:{id}}: hash of one job: {@code state} (the client JSON), {@code status},
 *       {@code version}, {@code run}, {@code origin} (the submission the run belongs to),
 *       {@code worker}, {@code updated} (microseconds since the epoch);
 *   <li>{@code jobs}: sorted set of job ids by update time, for listings;
 *   <li>{@code updates:{id}}: pub/sub channel of a job's states ({@code version\njson});
 *   <li>{@code queue}: the stream of queued jobs, read by the consumer group {@code workers};
 *   <li>{@code queue:waiting}, {@code queue:entries}, {@code queue:seq}: the ids waiting for
 *       their first worker, in order, and their stream entries;
 *   <li>{@code queue:handbacks}: hash of how many times each claimed entry was handed back;
 *   <li>{@code queue:claim:{token}}: the entry one claim took and its delivery count, kept an
 *       hour, so that a node whose claim timed out can hand back what Redis ran it for later;
 *   <li>{@code queue:offered}: pub/sub channel that wakes idle workers.
 * </ul>
 */
record Keys(String prefix) {
  static final String GROUP = "workers";

  String job(String videoId) {
    return prefix + "job:" + videoId;
  }

  String index() {
    return prefix + "jobs";
  }

  String updates(String videoId) {
    return prefix + "updates:" + videoId;
  }

  String updatesPattern() {
    return prefix + "updates:*";
  }

  /** The job id of an updates channel. */
  String videoIdOf(String channel) {
    return channel.substring(prefix.length() + "updates:".length());
  }

  String queue() {
    return prefix + "queue";
  }

  String waiting() {
    return prefix + "queue:waiting";
  }

  String entries() {
    return prefix + "queue:entries";
  }

  String sequence() {
    return prefix + "queue:seq";
  }

  String handBacks() {
    return prefix + "queue:handbacks";
  }

  String claim(String token) {
    return prefix + "queue:claim:" + token;
  }

  String offered() {
    return prefix + "queue:offered";
  }
}
