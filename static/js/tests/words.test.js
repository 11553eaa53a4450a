import { test } from 'node:test';
import assert from 'node:assert/strict';
import { article, defaultLabel, azPlace, fmtRange } from '../model/words.js';
import { dropPlacement, computeLayout } from '../model/layout.js';

test('an article as said aloud: initials by their letter, words by their first sound', () => {
  assert.equal(article('RDS database'), 'An');
  assert.equal(article('EC2 instance'), 'An');
  assert.equal(article('SQS queue'), 'An');
  assert.equal(article('Application Load Balancer'), 'An');
  assert.equal(article('Route 53'), 'A');
  assert.equal(article('DynamoDB table'), 'A');
  assert.equal(article('user'), 'A');
  assert.equal(article('Auto Scaling group'), 'An');
});

test('a new node is named after its kind, numbered when the name is taken', () => {
  assert.equal(defaultLabel([], 'Application Load Balancer'), 'Application Load Balancer');
  const nodes = [{ label: 'Application Load Balancer' }, { label: 'Application Load Balancer 2' }, { label: 'EC2 instance' }];
  assert.equal(defaultLabel(nodes, 'Application Load Balancer'), 'Application Load Balancer 3');
  assert.equal(defaultLabel(nodes, 'EC2 instance'), 'EC2 instance 2');
});

test('a card says the AZ by its whole name', () => {
  assert.equal(azPlace(['us-east-1a']), 'us-east-1a');
  assert.equal(azPlace(['us-east-1a', 'us-east-1b']), 'us-east-1a/b');
  assert.equal(azPlace(['us-east-1a', 'eu-west-1b']), 'us-east-1a, eu-west-1b');
  assert.equal(azPlace([]), '');
});

test('a range past what anyone types reads "or more", not 9007199254740991', () => {
  assert.equal(fmtRange(0, 9007199254740991, null), '0 or more');
  assert.equal(fmtRange(1, 86400, 's'), '1 – 86400 s');
  assert.equal(fmtRange(0, null, 'ms'), '');
});

test('a refused drop of an RDS database says "An RDS database"', () => {
  const layout = computeLayout({ regions: [{ id: 'us-east-1', azs: ['us-east-1a'] }], nodes: [] });
  const res = dropPlacement(layout, { scope: 'zonal', label: 'RDS database' }, { x: -900, y: -900 });
  assert.equal(res.ok, false);
  assert.match(res.reason, /^An RDS database runs in one Availability Zone/);
});
