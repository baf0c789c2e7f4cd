package io.infrasync.cache.parquet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.infrasync.cache.parquet.internal.Codecs;
import io.infrasync.cache.parquet.internal.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.Version;
import org.junit.jupiter.api.Test;

/** The cache runs without Hadoop, and the one parquet internal it reaches is pinned. */
class NoHadoopTest {
  private static final JavaClasses OURS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.infrasync.cache.parquet");

  @Test
  void hadoopIsNotOnTheClassPath() {
    assertThat(ClassLoader.getSystemResource("org/apache/hadoop/conf/Configuration.class")).isNull();
    assertThat(ClassLoader.getSystemResource("org/apache/hadoop/fs/Path.class")).isNull();
  }

  @Test
  void ourCodeDoesNotDependOnHadoop() {
    assertThat(OURS).isNotEmpty();
    noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.hadoop..").check(OURS);
  }

  @Test
  void ourCodeDoesNotUseTheHadoopBoundParquetBuilders() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.apache.parquet.hadoop.ParquetWriter")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.apache.parquet.hadoop.ParquetReader")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.apache.parquet.hadoop.CodecFactory")
        .check(OURS);
  }

  @Test
  void parquetIsTheVersionTheReadOptionsConstructorWasPinnedFor() {
    assertThat(Version.VERSION_NUMBER).isEqualTo("1.18.1");
  }

  @Test
  void readOptionsAreBuiltWithoutHadoopAndUseOurCodecs() {
    ParquetReadOptions options = HadoopFreeReadOptions.create(Codecs.INSTANCE);
    assertThat(options.getCodecFactory()).isSameAs(Codecs.INSTANCE);
    assertThat(options.usePageChecksumVerification()).isTrue();
    assertThat(options.useSignedStringMinMax()).isFalse();
    assertThat(options.getMaxAllocationSize()).isEqualTo(8 << 20);
  }
}
