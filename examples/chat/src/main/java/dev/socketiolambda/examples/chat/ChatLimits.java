package dev.socketiolambda.examples.chat;

import java.util.List;

/** The validation limits of the chat's inputs. */
public final class ChatLimits {
  private ChatLimits() {}

  /** Longest message, in characters (UTF-16 units) after trimming. */
  public static final int MAX_CONTENT = 4_000;
  /** Largest history page. */
  public static final int MAX_PAGE = 100;
  /** Reaction types a message may get. */
  public static final List<String> REACTIONS = List.of("like", "love", "laugh", "wow", "sad", "angry");
  /** Channel ids: lowercase letters, digits, '-' and '_', 1 to 64 characters. */
  public static final String CHANNEL_ID = "[a-z0-9][a-z0-9_-]{0,63}";
  /** Largest message id (JavaScript's largest safe integer). */
  public static final long MAX_ID = 9_007_199_254_740_991L;
}
