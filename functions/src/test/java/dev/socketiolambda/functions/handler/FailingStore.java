package dev.socketiolambda.functions.handler;

import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueItem;
import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.PendingAck;
import dev.socketiolambda.functions.store.BinaryPart;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.store.StoreException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A store whose every call fails, as DynamoDB does when it is unreachable. */
final class FailingStore implements StateStore {
  private static StoreException fail() {
    return new StoreException("injected store failure");
  }

  @Override
  public void putConnection(ConnectionRecord connection) {
    throw fail();
  }

  @Override
  public Optional<ConnectionRecord> getConnection(String connectionId) {
    throw fail();
  }

  @Override
  public void recordPong(String connectionId, long at) {
    throw fail();
  }

  @Override
  public void recordPing(String connectionId, long at, long nextDueAt) {
    throw fail();
  }

  @Override
  public void recordScheduledPing(String connectionId, long at, long nextPingAt, long pingInterval) {
    throw fail();
  }

  @Override
  public boolean clearConnectDeadline(String connectionId, long seenLastPingAt, long nextDueAt, long pingInterval,
      java.util.Map<String, String> keptHeaders,
      java.util.Map<String, java.util.List<String>> keptQuery) {
    throw fail();
  }

  @Override
  public SocketPut putSocket(SocketRecord socket, long connectReceivedAt) {
    throw fail();
  }

  @Override
  public Optional<SocketRecord> answerConnect(String connectionId, String namespace, long connectReceivedAt) {
    throw fail();
  }

  @Override
  public void markClosing(String connectionId) {
    throw fail();
  }

  @Override
  public Optional<SocketRecord> claimSocket(String connectionId, String namespace, String token,
      long disconnectReceivedAt) {
    throw fail();
  }

  @Override
  public Optional<SocketRecord> getSocket(String connectionId, String namespace) {
    throw fail();
  }

  @Override
  public List<SocketRecord> socketsOf(String connectionId) {
    throw fail();
  }

  @Override
  public void deleteSocket(SocketRecord socket) {
    throw fail();
  }

  @Override
  public void updateSocketData(String connectionId, String namespace, String dataJson) {
    throw fail();
  }

  @Override
  public void join(SocketRecord socket, Collection<String> rooms) {
    throw fail();
  }

  @Override
  public void leave(SocketRecord socket, Collection<String> rooms) {
    throw fail();
  }

  @Override
  public List<Member> members(String namespace, String room) {
    throw fail();
  }

  @Override
  public void putAck(PendingAck ack) {
    throw fail();
  }

  @Override
  public boolean putAckWhileSocket(PendingAck ack) {
    throw fail();
  }

  @Override
  public Optional<PendingAck> takeAck(String connectionId, long ackId) {
    throw fail();
  }

  @Override
  public List<PendingAck> acksOf(String connectionId) {
    throw fail();
  }

  @Override
  public Optional<BinaryPart> addBinaryPart(String connectionId, long receivedAt, String headerText,
      byte[] attachment) {
    throw fail();
  }

  @Override
  public List<BinaryPart> binaryParts(String connectionId) {
    throw fail();
  }

  @Override
  public boolean claimBinaryParts(String connectionId, List<BinaryPart> parts) {
    throw fail();
  }

  @Override
  public DataWrite replaceSocketData(String connectionId, String namespace, String expectedJson, String dataJson) {
    throw fail();
  }

  @Override
  public List<DueItem> due(long now) {
    throw fail();
  }

  @Override
  public List<DueItem> duePings(long sinceMs, long now, long pingInterval) {
    throw fail();
  }

  @Override
  public void deleteConnection(String connectionId, String claimToken) {
    throw fail();
  }

  @Override
  public void addCounts(String bucket, java.util.Map<String, Long> counts, long expiresAtMs) {
    throw fail();
  }

  @Override
  public java.util.Map<String, java.util.Map<String, Long>> counts(Collection<String> buckets) {
    throw fail();
  }
}
