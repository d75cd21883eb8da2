import { Lightning } from '@lightningjs/sdk';

type QuadOperation = Parameters<Lightning.shaders.WebGLDefaultShader['setupUniforms']>[0];

/**
 * Rounds a picture's corners as it draws: a pixel beyond a corner's arc is left out, one on the
 * arc partly (anti-aliased). Lightning's `RoundedRectangle` does the same with strokes, fills,
 * blends and a radius per corner worked out for every pixel; a poster needs none of those, and a
 * slow TV draws every visible poster on every frame of a scroll. The picture must fill the
 * element (no `cover` crop): the corners are found from the texture's coordinates.
 */
export class RoundedCorners extends Lightning.shaders.WebGLDefaultShader {
  private radiusPx = 0;

  set radius(value: number) {
    this.radiusPx = value;
    this.redraw();
  }

  get radius(): number {
    return this.radiusPx;
  }

  protected override setupUniforms(operation: QuadOperation): void {
    super.setupUniforms(operation);
    const owner = operation.shaderOwner;
    const precision = this.ctx.stage.getRenderPrecision();
    this._setUniform(
      'size',
      new Float32Array([owner.w * precision, owner.h * precision]),
      this.gl.uniform2fv,
    );
    this._setUniform('radius', this.radiusPx * precision, this.gl.uniform1f);
  }
}

RoundedCorners.fragmentShaderSource = `
  #ifdef GL_ES
  # ifdef GL_FRAGMENT_PRECISION_HIGH
  precision highp float;
  # else
  precision lowp float;
  # endif
  #endif
  varying vec2 vTextureCoord;
  varying vec4 vColor;
  uniform sampler2D uSampler;
  uniform vec2 size;
  uniform float radius;

  void main(void) {
    vec2 p = vTextureCoord * size;
    // How far inside the nearest corner's square the pixel is; 0 outside every corner.
    vec2 corner = max(vec2(radius) - min(p, size - p), 0.0);
    float coverage = clamp(radius + 0.5 - length(corner), 0.0, 1.0);
    gl_FragColor = texture2D(uSampler, vTextureCoord) * vColor * coverage;
  }
`;
