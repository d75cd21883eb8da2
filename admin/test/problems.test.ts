import { describe, expect, it } from 'vitest';
import { ApiError } from '~/lib/api.server';
import { requireId } from '~/lib/params.server';
import { refusedForm, toShownProblem } from '~/lib/problems.server';

type DataResponse = { data: unknown; init: { status: number } | null };

function thrown(run: () => unknown): DataResponse {
  try {
    run();
  } catch (error) {
    return error as DataResponse;
  }
  throw new Error('expected a throw');
}

const castRefusal = new ApiError(400, 'validation_failed', 'Invalid body', [
  { field: 'body.0.character.lo', message: 'Too long', code: 'too_big' },
]);

describe('requireId', () => {
  it('reads a route parameter as a record id', () => {
    expect(requireId({ id: '42' }, 'id')).toBe(42);
  });

  it('answers 404 for an id that cannot exist', () => {
    for (const id of ['abc', '0', '-1', undefined]) {
      const response = thrown(() => requireId({ id }, 'id'));
      expect(response.init?.status).toBe(404);
      expect(response.data).toEqual({ code: 'not_found' });
    }
  });
});

describe('toShownProblem', () => {
  it('places field messages under the form names', () => {
    expect(toShownProblem(castRefusal, 'cast.')).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'Invalid body',
      fields: { 'cast.0.character.lo': 'Too long' },
    });
  });

  it('renames fields the form names differently, as the film editor does for a combined save', () => {
    const filmRefusal = new ApiError(400, 'validation_failed', 'Invalid body', [
      { field: 'body.movie.title.lo', message: 'Too long', code: 'too_big' },
      { field: 'body.cast.1.personId', message: 'No such person', code: 'invalid' },
    ]);
    const problem = toShownProblem(filmRefusal, '', (field) => field.replace(/^movie\./, ''));
    expect(problem.fields).toEqual({
      'title.lo': 'Too long',
      'cast.1.personId': 'No such person',
    });
  });

  it('keeps the message for the form when no field is named', () => {
    const problem = toShownProblem(new ApiError(409, 'conflict', 'Slug taken'));
    expect(problem.fields).toEqual({ form: 'Slug taken' });
  });

  it('rethrows what is not an API answer', () => {
    const bug = new TypeError('bug');
    expect(() => toShownProblem(bug)).toThrow(bug);
  });
});

describe('refusedForm', () => {
  it('re-renders the form with what was typed and the API messages', () => {
    const answer = refusedForm(castRefusal, { title: 'typed' }, { prefix: 'cast.' });
    expect(answer.init?.status).toBe(400);
    expect(answer.data).toEqual({
      status: 'invalid',
      errors: { 'cast.0.character.lo': 'Too long' },
      values: { title: 'typed' },
    });
  });

  it('sends any other failure to the ErrorBoundary', () => {
    const response = thrown(() => refusedForm(new ApiError(409, 'conflict', 'Taken'), {}));
    expect(response.init?.status).toBe(409);
  });
});
