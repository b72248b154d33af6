package dev.socketiolambda.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/** A bundle's static assets: what the synth extracts from its class path, the bucket and the distribution. */
class BundleWebAssetsTest {

  @Test
  void theAssetsComeFromTheBundlesJarWithoutDotFiles(@TempDir Path dir) throws IOException {
    Path jar = dir.resolve("bundle.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("web/")); // directory entries, as Maven's jar and shade plugins write them
      out.closeEntry();
      entry(out, "web/index.html", "<p>hi</p>");
      entry(out, "web/js/app.js", "console.log(1)");
      entry(out, "web/.env", "TOKEN=x");
      entry(out, "web/.git/config", "x");
      entry(out, "other/secret.txt", "outside the folder");
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Path extracted = BundleWebAssets.extract(loader, "/web/", "jar-test");
      assertThat(files(extracted)).containsExactlyInAnyOrder("index.html", "js/app.js");
      assertThat(Files.readString(extracted.resolve("index.html"))).isEqualTo("<p>hi</p>");
    }
  }

  @Test
  void theAssetsComeFromAClassesFolderToo() throws IOException {
    Path extracted = BundleWebAssets.extract(getClass().getClassLoader(), "tasks-web", "dir-test");
    assertThat(files(extracted)).containsExactlyInAnyOrder("index.html", "css/site.css");
  }

  @Test
  void aMissingOrEmptyFolderIsAClearError(@TempDir Path dir) throws IOException {
    Path jar = dir.resolve("no-dirs.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      entry(out, "web/index.html", "<p>hi</p>"); // no "web/" entry: the class loader cannot find the folder
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> BundleWebAssets.extract(loader, "web", "no-dirs-test"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("directory entry");
    }
    assertThatThrownBy(() -> BundleWebAssets.extract(getClass().getClassLoader(), "no-such-web", "missing-test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bundle missing-test")
        .hasMessageContaining("'no-such-web'");
    Files.createDirectories(dir.resolve("empty/.hidden"));
    Files.writeString(dir.resolve("empty/.hidden/x"), "x");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> BundleWebAssets.extract(loader, "empty", "empty-test"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no file");
    }
  }

  @Test
  void aPrivateTlsOnlyBucketBehindCloudFrontWithOriginAccessControlFilledByADeployment() {
    BundleStack stack = new BundleStack(new App(), "WebBundle", StackProps.builder().build(), new TasksTestBundle(),
        new BundleStack.Options(Code.fromAsset(Path.of("src/test/resources/stream-stub").toAbsolutePath().toString()),
            RemovalPolicy.RETAIN, s -> SocketIoLambdaProps.builder()));
    Template t = Template.fromStack(stack);
    t.hasResourceProperties("AWS::S3::Bucket", Map.of(
        "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
            "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
        "BucketEncryption", Match.objectLike(Map.of())));
    t.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
        Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))), "Version", "2012-10-17")));
    t.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    t.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
        "DefaultRootObject", "index.html",
        "Origins", List.of(Match.objectLike(Map.of("OriginAccessControlId", Match.anyValue()))),
        "DefaultCacheBehavior", Match.objectLike(Map.of("ViewerProtocolPolicy", "redirect-to-https"))))));
    t.resourceCountIs("Custom::CDKBucketDeployment", 1);
    t.hasOutput("WebUrl", Match.anyValue());
    // the bundle's pages come from the assets' distribution, another origin than the one URL: they may poll
    String assets = id(stack.getWebAssets().getDistribution());
    String pollingFunction = id(stack.getSocketIo().getFunctions().get(OneUrl.FUNCTION).function());
    Map<?, ?> env = (Map<?, ?>) ((Map<?, ?>) TemplateJson.props(new TemplateJson(t).resources().get(pollingFunction))
        .get("Environment")).get("Variables");
    assertThat(TemplateJson.render(env.get("SOCKETIO_CORS_ORIGINS")))
        .isEqualTo("https://${GetAtt:" + assets + ".DomainName}");
  }

  private static String id(software.constructs.IConstruct c) {
    return Stack.of(c).getLogicalId((software.amazon.awscdk.CfnElement) c.getNode().getDefaultChild());
  }

  private static void entry(JarOutputStream out, String name, String content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(content.getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
    }
  }
}
