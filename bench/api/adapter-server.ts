/**
 * A minimal Nest app serving the real ranking (libs/domain topReviews) over an in-memory index, on the adapter named
 * in argv[2] ('fastify' | 'express'). Started as a separate process by adapters.bench.ts.
 */
import 'reflect-metadata';
import { Controller, Get, Module, Param, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { ClassifiedReview } from '@reviewlens/contracts';
import { compareByRelevance, topReviews } from '@reviewlens/domain';
import { syntheticReview } from '../../apps/api/test/synthetic-reviews';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 2_500);
const byProduct = new Map<string, ClassifiedReview[]>();
for (let i = 0; i < ROWS; i++) {
  const r = syntheticReview(i, { products: PRODUCTS, runId: 'bench' });
  const list = byProduct.get(r.productId);
  if (list) list.push(r); else byProduct.set(r.productId, [r]);
}
for (const list of byProduct.values()) list.sort(compareByRelevance);
export const PRODUCT_IDS = [...byProduct.keys()];

@Controller()
class BenchController {
  @Get('health') health() { return { status: 'ok' }; }

  @Get('v1/reviews/:productId/top')
  top(@Param('productId') productId: string, @Query('limit') limit?: string) {
    const rows = byProduct.get(productId) ?? [];
    return { productId, reviews: topReviews(rows, { limit: Number(limit ?? 10) }) };
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

async function main(): Promise<void> {
  const adapter = process.argv[2] === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(BenchModule, adapter, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.send?.({ ready: true, products: PRODUCT_IDS.slice(0, 500) });
}

void main();
