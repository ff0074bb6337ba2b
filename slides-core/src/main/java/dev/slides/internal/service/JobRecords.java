package dev.slides.internal.service;

import dev.slides.JobState;
import java.io.IOException;
import java.util.Map;

/**
 * Where the last known state of every job is kept, so that a restarted server still knows its
 * jobs: a job that was running when the process died reads as {@code failed} with error
 * {@code interrupted}, a finished one as it ended. {@link FileJobRecords} keeps one small file per
 * job in a folder; a store shared by several servers can take its place.
 *
 * <p>Implementations are thread-safe; {@link #save} of one job replaces its record whole.
 */
public interface JobRecords {
  /** Keeps {@code state} as the job's record, replacing the previous one. */
  void save(String videoId, JobState state) throws IOException;

  /** Every record, by video id. A record that cannot be read is left out (and logged). */
  Map<String, JobState> loadAll() throws IOException;

  /** Forgets the job's record, if there is one. */
  void delete(String videoId) throws IOException;

  /** Records nothing: for tests, embedding, and the command line's single job. */
  static JobRecords none() {
    return None.NONE;
  }

  /** The records of {@link #none()}. */
  enum None implements JobRecords {
    NONE;

    @Override
    public void save(String videoId, JobState state) {
      // nothing kept
    }

    @Override
    public Map<String, JobState> loadAll() {
      return Map.of();
    }

    @Override
    public void delete(String videoId) {
      // nothing kept
    }
  }
}
