/**
 * Reads the RFC 6381 codec strings and the picture size from an fMP4 init segment, so the master
 * playlist states what was actually encoded (x264 picks the level per rung) rather than what was
 * asked for.
 */
export interface InitSegmentInfo {
  /** e.g. `avc1.64001f`. */
  videoCodec: string | null;
  /** e.g. `mp4a.40.2`. */
  audioCodec: string | null;
  width: number | null;
  height: number | null;
}

interface Box {
  type: string;
  /** First byte after the box header. */
  start: number;
  end: number;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);
// Bytes between a sample entry's header and its child boxes (ISO/IEC 14496-12 §12.1.3, §12.2.3).
const VISUAL_SAMPLE_ENTRY_FIELDS = 78;
const AUDIO_SAMPLE_ENTRY_FIELDS = 28;

export function describeInitSegment(data: Uint8Array): InitSegmentInfo {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const info: InitSegmentInfo = { videoCodec: null, audioCodec: null, width: null, height: null };

  const visit = (start: number, end: number): void => {
    for (const box of readBoxes(view, start, end)) {
      if (CONTAINERS.has(box.type)) visit(box.start, box.end);
      // stsd is a full box (4 bytes) with an entry count (4 bytes) before its sample entries.
      else if (box.type === 'stsd') visit(box.start + 8, box.end);
      else if (box.type === 'avc1' || box.type === 'avc3') {
        info.width = view.getUint16(box.start + 24);
        info.height = view.getUint16(box.start + 26);
        const avcC = findChild(view, box.start + VISUAL_SAMPLE_ENTRY_FIELDS, box.end, 'avcC');
        // AVCDecoderConfigurationRecord: version, profile_idc, constraint flags, level_idc.
        if (avcC)
          info.videoCodec = `${box.type}.${hex(view, avcC.start + 1)}${hex(view, avcC.start + 2)}${hex(view, avcC.start + 3)}`;
      } else if (box.type === 'mp4a') {
        const esds = findChild(view, box.start + AUDIO_SAMPLE_ENTRY_FIELDS, box.end, 'esds');
        if (esds) info.audioCodec = mp4aCodec(view, esds);
      }
    }
  };
  visit(0, view.byteLength);
  return info;
}

/** `CODECS` attribute value: video first, as Apple's authoring spec lists them. */
export function codecsAttribute(info: InitSegmentInfo): string {
  return [info.videoCodec, info.audioCodec].filter((c): c is string => c !== null).join(',');
}

function* readBoxes(view: DataView, start: number, end: number): Generator<Box> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(
      view.getUint8(offset + 4),
      view.getUint8(offset + 5),
      view.getUint8(offset + 6),
      view.getUint8(offset + 7),
    );
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) return;
    yield { type, start: offset + header, end: offset + size };
    offset += size;
  }
}

function findChild(view: DataView, start: number, end: number, type: string): Box | undefined {
  for (const box of readBoxes(view, start, end)) if (box.type === type) return box;
  return undefined;
}

/** `mp4a.<objectTypeIndication>.<audioObjectType>` from the esds descriptors (ISO/IEC 14496-1). */
function mp4aCodec(view: DataView, esds: Box): string | null {
  let offset = esds.start + 4; // version and flags
  const readDescriptor = (): { tag: number; start: number; end: number } | null => {
    if (offset >= esds.end) return null;
    const tag = view.getUint8(offset++);
    let size = 0;
    for (let i = 0; i < 4; i++) {
      const byte = view.getUint8(offset++);
      size = (size << 7) | (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    return { tag, start: offset, end: offset + size };
  };

  const es = readDescriptor();
  if (es?.tag !== 0x03) return null;
  const esFlags = view.getUint8(es.start + 2);
  offset = es.start + 3;
  if (esFlags & 0x80) offset += 2; // dependsOn_ES_ID
  if (esFlags & 0x40) offset += 1 + view.getUint8(offset); // URL
  if (esFlags & 0x20) offset += 2; // OCR_ES_Id

  const decoderConfig = readDescriptor();
  if (decoderConfig?.tag !== 0x04) return null;
  const objectType = view.getUint8(decoderConfig.start);
  offset = decoderConfig.start + 13;
  const specificInfo = readDescriptor();
  if (specificInfo?.tag !== 0x05) return `mp4a.${objectType.toString(16)}`;

  // AudioSpecificConfig: a 5-bit object type, escaped to 6 more bits when it is 31.
  const first = view.getUint8(specificInfo.start);
  let audioObjectType = first >> 3;
  if (audioObjectType === 31) {
    const second = view.getUint8(specificInfo.start + 1);
    audioObjectType = 32 + (((first & 0x07) << 3) | (second >> 5));
  }
  return `mp4a.${objectType.toString(16)}.${audioObjectType}`;
}

function hex(view: DataView, offset: number): string {
  return view.getUint8(offset).toString(16).padStart(2, '0');
}
