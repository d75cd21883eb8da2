export {
  MEDIA_ERROR_CODES,
  MediaError,
  isMediaError,
  runFfmpeg,
  runFfprobe,
  type FfmpegProgress,
  type MediaErrorCode,
  type MediaTools,
} from './ffmpeg.js';
export { probeMedia, type MediaInfo, type ProbeOptions } from './probe.js';
export {
  AUDIO_BITRATE_KBPS,
  LADDER,
  MASTER_PLAYLIST,
  SEGMENT_SECONDS,
  buildLadderArgs,
  planLadder,
  transcodeLadder,
  type LadderResult,
  type LadderRung,
  type LadderVariant,
  type PlannedRung,
  type TranscodeOptions,
  type TranscodeProgress,
  type TranscodeStep,
} from './ladder.js';
export {
  parseMediaPlaylist,
  renderMasterPlaylist,
  type MasterVariant,
  type MediaPlaylist,
  type SubtitleRendition,
} from './playlist.js';
export { codecsAttribute, describeInitSegment, type InitSegmentInfo } from './codecs.js';
export {
  TRICKPLAY_VTT,
  extractPoster,
  generateTrickplay,
  type PosterOptions,
  type PosterResult,
  type TrickplayOptions,
  type TrickplayResult,
} from './artwork.js';
