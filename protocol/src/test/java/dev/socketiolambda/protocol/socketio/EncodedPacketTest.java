package dev.socketiolambda.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedPacketTest {
  @Test
  void sendsATextPacketAsOneMessageFrame() {
    assertThat(new EncodedPacket("2[\"e\"]", List.of()).engineFrames()).containsExactly("42[\"e\"]");
  }

  @Test
  void sendsAttachmentsAsBase64FramesAfterTheHeader() {
    EncodedPacket p = new EncodedPacket("52-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        List.of(new byte[] {1, 2, 3}, new byte[] {(byte) 0xff, (byte) 0xfe}));

    assertThat(p.engineFrames()).containsExactly(
        "452-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", "bAQID", "b//4=");
  }

  @Test
  void keepsItsOwnListOfAttachments() {
    List<byte[]> list = new ArrayList<>(List.of(new byte[] {1}));
    EncodedPacket p = new EncodedPacket("51-[]", list);

    list.clear();

    assertThat(p.attachments()).hasSize(1);
  }
}
