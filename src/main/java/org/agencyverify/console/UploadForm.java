package org.agencyverify.console;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A console upload form (multipart): its CSRF token and its one file. Read here rather than by the
 * REST layer's form parser, which holds every multipart body to the small global limit; the body
 * stream itself stops at the limit its path has (agency/ImportBodyLimit for the import page).
 */
record UploadForm(String csrf, byte[] file) {

    /** The form's fields; empty when the body is no multipart form of ours. */
    static Optional<UploadForm> read(String contentType, InputStream body) throws IOException {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(body.readAllBytes()));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpPostMultipartRequestDecoder decoder;
        try {
            decoder = new HttpPostMultipartRequestDecoder(new DefaultHttpDataFactory(false), request);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
            return Optional.empty();
        }
        try {
            String csrf = null;
            byte[] file = null;
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof Attribute field && "csrf".equals(field.getName())) {
                    csrf = field.getValue();
                } else if (data instanceof FileUpload upload && "file".equals(upload.getName())) {
                    file = upload.get();
                }
            }
            return Optional.of(new UploadForm(csrf, file == null ? new byte[0] : file));
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
            return Optional.empty();
        } finally {
            decoder.destroy();
            request.release();
        }
    }
}
