package dev.socketiolambda.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * A bundle's static web assets on AWS: a private S3 bucket (TLS only, encrypted, public access
 * blocked) read by a CloudFront distribution through origin access control, filled at deploy time
 * by a {@link BucketDeployment} from the bundle's classpath folder ({@code webAssets()}), which the
 * synth extracts from the bundle's class path (its jar or classes folder) into a temporary
 * directory. Files and folders whose name starts with a dot are left out, as the local stack
 * refuses to serve them.
 */
public final class BundleWebAssets {
  static final String LOGGING_REASON = "Static assets of the application (the same files as in its jar): "
      + "CloudFront and S3 access logs would cost more than the files are worth to audit; turn them on in the "
      + "distribution and bucket if your assets need it.";
  static final String EDGE_REASON = "The distribution serves public static files over HTTPS with CloudFront's "
      + "default certificate (no custom domain here, so no TLS policy to choose); no geo restriction or WAF for "
      + "public assets by default: add them to the distribution where a deployment needs them.";
  static final String DEPLOYMENT_REASON = "The CDK's BucketDeployment custom resource (its own Lambda function, "
      + "runtime and role with AWSLambdaBasicExecutionRole and s3 wildcard actions on the asset and site "
      + "buckets) copies the files at deploy time; its code and policy are the CDK's.";

  private final Bucket bucket;
  private final Distribution distribution;

  BundleWebAssets(Construct scope, String bundleName, ClassLoader classLoader, String folder,
      RemovalPolicy removalPolicy) {
    Path files = extract(classLoader, folder, bundleName);
    bucket = Bucket.Builder.create(scope, "WebAssetsBucket")
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .encryption(BucketEncryption.S3_MANAGED)
        .enforceSsl(true)
        .versioned(false)
        .removalPolicy(removalPolicy)
        .autoDeleteObjects(removalPolicy == RemovalPolicy.DESTROY)
        .build();
    distribution = Distribution.Builder.create(scope, "WebAssetsDistribution")
        .comment("static assets of " + bundleName + " (socketio-lambda)")
        .defaultRootObject("index.html")
        .defaultBehavior(BehaviorOptions.builder()
            .origin(S3BucketOrigin.withOriginAccessControl(bucket))
            .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
            .build())
        .build();
    BucketDeployment.Builder.create(scope, "WebAssetsDeployment")
        .sources(List.of(Source.asset(files.toString())))
        .destinationBucket(bucket)
        .distribution(distribution)
        .distributionPaths(List.of("/*"))
        .build();
    NagSuppressions.addResourceSuppressions(bucket, List.of(suppression("AwsSolutions-S1", LOGGING_REASON)));
    NagSuppressions.addResourceSuppressions(distribution, List.of(suppression("AwsSolutions-CFR3", LOGGING_REASON),
        suppression("AwsSolutions-CFR1", EDGE_REASON), suppression("AwsSolutions-CFR2", EDGE_REASON),
        suppression("AwsSolutions-CFR4", EDGE_REASON)));
    for (IConstruct child : Stack.of(scope).getNode().getChildren()) {
      String id = child.getNode().getId();
      if (id.startsWith("Custom::CDKBucketDeployment") || id.startsWith("Custom::S3AutoDeleteObjects")) {
        NagSuppressions.addResourceSuppressions(child, List.of(suppression("AwsSolutions-L1", DEPLOYMENT_REASON),
            suppression("AwsSolutions-IAM4", DEPLOYMENT_REASON), suppression("AwsSolutions-IAM5",
                DEPLOYMENT_REASON)), true);
      }
    }
  }

  private static NagPackSuppression suppression(String id, String reason) {
    return NagPackSuppression.builder().id(id).reason(reason).build();
  }

  /**
   * Copies the classpath folder (in a jar or a directory) into a new temporary directory, without
   * dot files; fails when the folder is missing or holds no file.
   */
  static Path extract(ClassLoader classLoader, String folder, String bundleName) {
    String prefix = folder.replaceAll("^/+|/+$", "");
    URL url = classLoader.getResource(prefix);
    if (url == null) {
      throw new IllegalArgumentException("bundle " + bundleName + ": webAssets() names the classpath folder '"
          + prefix + "', which is not on its class path (in a jar, the folder needs its directory entry, as "
          + "Maven's jar and shade plugins write them)");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try {
          FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
          FileSystems.newFileSystem(uri, Map.of()); // stays open: the JVM of a synth is short-lived
        }
      }
      Path source = Path.of(uri);
      Path target = Files.createTempDirectory("socketio-web-assets-");
      int[] copied = {0};
      try (Stream<Path> walk = Files.walk(source)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          Path relative = source.relativize(p);
          if (relative.toString().isEmpty() || hidden(relative)) {
            continue;
          }
          Path out = target.resolve(relative.toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(out);
          } else {
            Files.createDirectories(out.getParent());
            Files.copy(p, out);
            copied[0]++;
          }
        }
      }
      if (copied[0] == 0) {
        throw new IllegalArgumentException("bundle " + bundleName + ": the web assets folder '" + prefix
            + "' holds no file");
      }
      deleteOnExit(target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("bundle " + bundleName + ": cannot extract web assets '" + prefix + "'", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static void deleteOnExit(Path dir) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary directory left behind is harmless
      }
    }));
  }

  public Bucket getBucket() {
    return bucket;
  }

  public Distribution getDistribution() {
    return distribution;
  }
}
