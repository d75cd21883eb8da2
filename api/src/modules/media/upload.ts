import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { VIDEO_UPLOAD_FIELD } from '@lanxang/contracts';
import { HttpError, badRequest, payloadTooLarge, unsupportedMediaType } from '../../http/errors.js';

export interface ReceivedUpload {
  /** Where the bytes are: a random name in the uploads directory, never the client's name. */
  file: string;
  /** The client's file name reduced to a harmless label. */
  name: string;
  bytes: number;
}

// The rest of a refused body is left unread, so the connection cannot carry another request.
const CLOSE = { Connection: 'close' };

export const tooLarge = (maxBytes: number) =>
  payloadTooLarge(
    `The file is larger than the ${formatBytes(maxBytes)} this server accepts.`,
    CLOSE,
  );
const malformed = (message: string) => badRequest(message, 'bad_request', CLOSE);

/**
 * Streams the `file` part of a multipart request to disk as it arrives (memory use stays at a
 * few stream buffers, whatever the size). Over `maxBytes` the partial file is removed and the
 * request fails with 413; so does any other failure, removing what was written.
 */
export async function receiveUpload(
  request: IncomingMessage,
  options: { dir: string; maxBytes: number },
): Promise<ReceivedUpload> {
  const declared = Number(request.headers['content-length']);
  // Refuse an announced oversize body before reading any of it.
  if (Number.isFinite(declared) && declared > options.maxBytes + 64 * 1024)
    throw tooLarge(options.maxBytes);
  if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) {
    throw unsupportedMediaType(
      `Send the video as multipart/form-data with a "${VIDEO_UPLOAD_FIELD}" field.`,
    );
  }
  await mkdir(options.dir, { recursive: true });
  const file = path.join(options.dir, `${randomUUID()}.upload`);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      limits: { fileSize: options.maxBytes, files: 1, fields: 10 },
    });
  } catch {
    throw malformed('The multipart request has no boundary.');
  }

  let failEarly: (error: Error) => void = () => {};
  let upload: Promise<ReceivedUpload> | undefined;
  const received = new Promise<ReceivedUpload>((resolve, reject) => {
    failEarly = reject;
    parser.on('file', (field, stream, info) => {
      if (field !== VIDEO_UPLOAD_FIELD || upload) {
        stream.resume();
        return;
      }
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      stream.on('limit', () => {
        // Stop reading at once: the rest of a 10 GB mistake is not worth receiving.
        request.unpipe(parser);
        reject(tooLarge(options.maxBytes));
        stream.destroy();
      });
      upload = pipeline(stream, createWriteStream(file, { flags: 'wx' })).then(() => ({
        file,
        name: safeFileName(info.filename),
        bytes,
      }));
      upload.catch(() => {});
    });
    parser.on('error', (error: Error) =>
      reject(malformed(`The multipart request is malformed: ${error.message}.`)),
    );
    parser.on('close', () => {
      if (!upload) reject(malformed(`The request has no "${VIDEO_UPLOAD_FIELD}" file.`));
      else upload.then(resolve, reject);
    });
  });

  try {
    pipeline(request, parser).catch((error: unknown) =>
      failEarly(error instanceof Error ? error : new Error(String(error))),
    );
    const result = await received;
    if (result.bytes === 0) throw malformed('The uploaded file is empty.');
    return result;
  } catch (error) {
    // Once the file is closed nothing can write it again; then remove it.
    await upload?.catch(() => {});
    await rm(file, { force: true });
    if (error instanceof HttpError) throw error;
    throw malformed('The upload was interrupted before it finished.');
  }
}

/**
 * The last path component of whatever the client sent, without control characters, separators
 * or leading dots; only ever shown, never used to build a path.
 */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .split('')
    .filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f)
    .join('')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'upload';
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
