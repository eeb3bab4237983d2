package dev.streamingetl.job.sinks;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.writer.FileWriter;
import org.apache.flink.connector.file.sink.writer.FileWriterBucketState;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.types.Either;

/**
 * A {@link FileSink} that also writes a {@code _SUCCESS} file into each partition its input marks
 * complete ({@code Right(partition)}, after the partition's last row), as Flink's SQL filesystem
 * sink does for schedulers to wait on. The mark travels with the files as a committable, so it is
 * written by the committer after every file before it in the stream is committed, and only if the
 * checkpoint that carries it completes.
 */
public final class PartitionMarkingSink<T>
        implements Sink<Either<T, String>>,
                SupportsWriterState<Either<T, String>, FileWriterBucketState>,
                SupportsWriterState.WithCompatibleState,
                SupportsCommitter<PartitionMarkingSink.Committable> {

    public static final String SUCCESS_FILE = "_SUCCESS";

    private final FileSink<T> files;
    private final String basePath;

    public PartitionMarkingSink(FileSink<T> files, String basePath) {
        this.files = files;
        this.basePath = basePath;
    }

    /** A file of the FileSink, or the completion mark of a partition. */
    public record Committable(FileSinkCommittable file, String completedPartition) {}

    @Override
    public Writer<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(files.createWriter(context));
    }

    @Override
    public Writer<T> restoreWriter(
            WriterInitContext context, Collection<FileWriterBucketState> recoveredState)
            throws IOException {
        return new Writer<>(files.restoreWriter(context, recoveredState));
    }

    @Override
    public SimpleVersionedSerializer<FileWriterBucketState> getWriterStateSerializer() {
        return files.getWriterStateSerializer();
    }

    @Override
    public Collection<String> getCompatibleWriterStateNames() {
        return files.getCompatibleWriterStateNames();
    }

    @Override
    public Committer<Committable> createCommitter(CommitterInitContext context) throws IOException {
        return new MarkingCommitter(files.createCommitter(context), basePath);
    }

    @Override
    public SimpleVersionedSerializer<Committable> getCommittableSerializer() {
        return new CommittableSerializer(files.getCommittableSerializer());
    }

    /** The FileSink's writer, with the marks it has seen since the last checkpoint. */
    static final class Writer<T>
            implements StatefulSinkWriter<Either<T, String>, FileWriterBucketState>,
                    CommittingSinkWriter<Either<T, String>, Committable> {

        private final FileWriter<T> files;
        private final List<String> completed = new ArrayList<>();

        Writer(FileWriter<T> files) {
            this.files = files;
        }

        @Override
        public void write(Either<T, String> element, Context context)
                throws IOException, InterruptedException {
            if (element.isLeft()) {
                files.write(element.left(), context);
            } else {
                completed.add(element.right());
            }
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            files.writeWatermark(watermark);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            files.flush(endOfInput);
        }

        @Override
        public Collection<Committable> prepareCommit() throws IOException, InterruptedException {
            List<Committable> committables = new ArrayList<>();
            for (FileSinkCommittable file : files.prepareCommit()) {
                committables.add(new Committable(file, null));
            }
            for (String partition : completed) {
                committables.add(new Committable(null, partition));
            }
            completed.clear();
            return committables;
        }

        @Override
        public List<FileWriterBucketState> snapshotState(long checkpointId) throws IOException {
            return files.snapshotState(checkpointId);
        }

        @Override
        public void close() throws Exception {
            files.close();
        }
    }

    /** Commits the files first, then writes the marks: a mark never precedes its files. */
    static final class MarkingCommitter implements Committer<Committable> {

        private final Committer<FileSinkCommittable> files;
        private final String basePath;

        MarkingCommitter(Committer<FileSinkCommittable> files, String basePath) {
            this.files = files;
            this.basePath = basePath;
        }

        @Override
        public void commit(Collection<Committer.CommitRequest<Committable>> requests)
                throws IOException, InterruptedException {
            List<Committer.CommitRequest<FileSinkCommittable>> fileRequests = new ArrayList<>();
            List<Committer.CommitRequest<Committable>> marks = new ArrayList<>();
            for (Committer.CommitRequest<Committable> request : requests) {
                if (request.getCommittable().file() != null) {
                    fileRequests.add(new FileRequest(request));
                } else {
                    marks.add(request);
                }
            }
            files.commit(fileRequests);
            for (Committer.CommitRequest<Committable> mark : marks) {
                Path success =
                        new Path(
                                new Path(basePath, mark.getCommittable().completedPartition()),
                                SUCCESS_FILE);
                // Written again after a restore that replays the mark: same empty file.
                success.getFileSystem().create(success, WriteMode.OVERWRITE).close();
            }
        }

        @Override
        public void close() throws Exception {
            files.close();
        }
    }

    /** A commit request of a file, as the FileSink's committer sees it. */
    private record FileRequest(Committer.CommitRequest<Committable> request)
            implements Committer.CommitRequest<FileSinkCommittable> {

        @Override
        public FileSinkCommittable getCommittable() {
            return request.getCommittable().file();
        }

        @Override
        public int getNumberOfRetries() {
            return request.getNumberOfRetries();
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            request.signalFailedWithKnownReason(t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            request.signalFailedWithUnknownReason(t);
        }

        @Override
        public void retryLater() {
            request.retryLater();
        }

        @Override
        public void updateAndRetryLater(FileSinkCommittable committable) {
            request.updateAndRetryLater(new Committable(committable, null));
        }

        @Override
        public void signalAlreadyCommitted() {
            request.signalAlreadyCommitted();
        }
    }

    /**
     * A file keeps the FileSink's own encoding and version, so that the committables of a
     * checkpoint taken before marks existed still restore; a mark has a version of its own.
     */
    static final class CommittableSerializer implements SimpleVersionedSerializer<Committable> {

        private static final int MARK_VERSION = 1 << 16;

        private final SimpleVersionedSerializer<FileSinkCommittable> files;

        CommittableSerializer(SimpleVersionedSerializer<FileSinkCommittable> files) {
            this.files = files;
        }

        @Override
        public int getVersion() {
            return MARK_VERSION + files.getVersion();
        }

        @Override
        public byte[] serialize(Committable committable) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                if (committable.file() != null) {
                    out.writeBoolean(true);
                    out.write(files.serialize(committable.file()));
                } else {
                    out.writeBoolean(false);
                    out.writeUTF(committable.completedPartition());
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public Committable deserialize(int version, byte[] serialized) throws IOException {
            if (version < MARK_VERSION) {
                return new Committable(files.deserialize(version, serialized), null);
            }
            try (DataInputStream in =
                    new DataInputStream(new java.io.ByteArrayInputStream(serialized))) {
                if (in.readBoolean()) {
                    return new Committable(
                            files.deserialize(
                                    version - MARK_VERSION,
                                    Arrays.copyOfRange(serialized, 1, serialized.length)),
                            null);
                }
                return new Committable(null, in.readUTF());
            }
        }
    }
}
