import { describe, expect, it } from 'vitest';
import { createChannelPair } from '../testing/channel-pair.js';
import { AttributeKey } from './attribute-key.js';

const NICK = new AttributeKey<string>('nick');
const SCORE = new AttributeKey<number>('score');

describe('AttributeKey', () => {
  it('gets, sets, tests and deletes a typed value per connection', () => {
    const { server, client } = createChannelPair([{}], [{}]);
    expect(NICK.get(server)).toBeUndefined();
    expect(NICK.has(server)).toBe(false);
    NICK.set(server, 'bob');
    SCORE.set(server, 0);
    const nick: string | undefined = NICK.get(server);
    expect(nick).toBe('bob');
    expect(SCORE.has(server)).toBe(true);
    expect(SCORE.get(server)).toBe(0);
    // Per connection: the other end has none.
    expect(NICK.get(client)).toBeUndefined();
    expect(NICK.delete(server)).toBe(true);
    expect(NICK.delete(server)).toBe(false);
    expect(NICK.has(server)).toBe(false);
    expect(SCORE.get(server)).toBe(0);
    server.close();
  });

  it('keeps two keys with the same name apart, and apart from string attributes', () => {
    const { server } = createChannelPair([{}], [{}]);
    const theirs = new AttributeKey<string>('nick');
    NICK.set(server, 'mine');
    theirs.set(server, 'theirs');
    server.attributes.set('nick', 'plain');
    expect(NICK.get(server)).toBe('mine');
    expect(theirs.get(server)).toBe('theirs');
    expect(String(NICK)).toBe('AttributeKey(nick)');
    server.close();
  });
});
