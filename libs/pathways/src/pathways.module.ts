import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueController } from './catalogue.controller';
import { CatalogueService } from './catalogue.service';
import { Pathway, PathwayVersion } from './pathway.entities';
import { PathwayReviewersController, PathwaysController } from './pathways.controller';
import { PathwaysService } from './pathways.service';

@Module({
  imports: [TypeOrmModule.forFeature([Pathway, PathwayVersion])],
  controllers: [PathwaysController, PathwayReviewersController, CatalogueController],
  providers: [PathwaysService, CatalogueService],
  exports: [PathwaysService],
})
export class PathwaysModule {}
