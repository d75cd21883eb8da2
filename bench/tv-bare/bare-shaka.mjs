// The TV bench's baseline for playback: Shaka (the TV app's HLS build) alone on a page, with its
// default configuration, playing the master playlist it is given. The bench drives it through
// `window.__bare.play(url)`, which resolves with `loadLatency` (seconds) once a second has played,
// and `window.__bare.stop()`.
import shaka from 'shaka-player/dist/shaka-player.hls.js';

shaka.polyfill.installAll();
const video = document.createElement('video');
video.muted = true;
document.body.appendChild(video);
const player = new shaka.Player();

window.__bare = {
  async play(url) {
    await player.attach(video);
    await player.load(url);
    await video.play();
    await new Promise((resolve) => {
      const check = () => (video.currentTime > 1 ? resolve() : setTimeout(check, 50));
      check();
    });
    return player.getStats().loadLatency;
  },
  stop: () => player.unload(),
};
