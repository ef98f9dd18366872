import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText } from './html-to-text';

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

test('removes tags, turning block tags and <br> into spaces and joining inline tags', () => {
  assert.equal(squash(htmlToText('<p>Great</p><p>kettle<br/>boils <b>fa</b>st</p>')), 'Great kettle boils fast');
  assert.equal(squash(htmlToText('line1<br>line2<BR >line3')), 'line1 line2 line3');
});

test('drops script and style contents, case-insensitively, including markup-looking strings inside', () => {
  assert.equal(squash(htmlToText('a<script>if (x < 1) { document.write("<b>") }</script>b')), 'a b');
  assert.equal(squash(htmlToText('a<STYLE type="text/css">p > b { color: red }</Style >b')), 'a b');
  assert.equal(squash(htmlToText('x<script>var s = "</scr" + "ipt>";</script>y')), 'x y');
  assert.equal(squash(htmlToText('ok<script>never closed')), 'ok');
  assert.equal(squash(htmlToText('a<scripts>b</scripts>c')), 'abc', '<scripts> is not <script>');
});

test('decodes entities in text but not inside tags', () => {
  assert.equal(htmlToText('<a title="&amp;">Tom &amp; Jerry&#39;s &nbsp;show</a>'), "Tom & Jerry's \u00a0show");
});

test('keeps a literal "<" that does not start markup', () => {
  assert.equal(htmlToText('I <3 it and 5 < 6, a<=b'), 'I <3 it and 5 < 6, a<=b');
  assert.equal(htmlToText('ends with <'), 'ends with <');
});

test('drops unclosed tags, quoted ">" inside attributes, comments, doctypes and CDATA', () => {
  assert.equal(squash(htmlToText('text <b class="x>y">bold')), 'text bold');
  assert.equal(squash(htmlToText('good <img src="a.png"')), 'good');
  assert.equal(squash(htmlToText('<!DOCTYPE html><!-- hidden <b>x</b> -->shown<![CDATA[ cdata ]]><?xml x?>!')), 'shown!');
  assert.equal(squash(htmlToText('a<!-- never closed')), 'a');
  assert.equal(squash(htmlToText('unclosed <b>bold <i>italic')), 'unclosed bold italic');
});

test('text without markup is only entity-decoded', () => {
  assert.equal(htmlToText('plain &amp; simple'), 'plain & simple');
});

test('is linear on pathological input', () => {
  const hostile = '<a '.repeat(200_000) + '<script>'.repeat(50_000) + '"'.repeat(100_000);
  const start = process.hrtime.bigint();
  htmlToText(hostile);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(ms < 2000, `took ${ms} ms`);
});
